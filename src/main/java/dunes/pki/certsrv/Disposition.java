package dunes.pki.certsrv;

/** Where a certificate request stands on the CA. */
public enum Disposition {
  /** the certificate exists and can be fetched */
  ISSUED,
  /** held for a CA manager ("Taken Under Submission"); ask again later */
  PENDING,
  /** refused for good: by policy, by a CA manager, or unreadable; the CA's message says which */
  DENIED
}
