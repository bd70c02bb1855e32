package dunes.security;

/** The groups Dunes's processes assign work to. */
public final class DunesGroups {

  /** Run builds, confirm shutdowns and fingerprints. */
  public static final String OPERATORS = "vco-operators";
  /** Approve certificate requests held pending by the CA. */
  public static final String PKI_APPROVERS = "pki-approvers";

  private DunesGroups() {}
}
