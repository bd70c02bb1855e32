package dunes.security;

/** The groups Dunes's processes assign work to. */
public final class DunesGroups {

  /** Run builds, confirm shutdowns and fingerprints. */
  public static final String OPERATORS = "vco-operators";
  /** Approve certificate requests held pending by the CA. */
  public static final String PKI_APPROVERS = "pki-approvers";
  /** Marks the lab's users; production refuses to start on a database that has it ({@link LabUsersGuard}). */
  public static final String LAB = "dunes-lab";

  private DunesGroups() {}
}
