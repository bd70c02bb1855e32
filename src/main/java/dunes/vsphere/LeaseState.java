package dunes.vsphere;

/**
 * An HttpNfcLease as vCenter shows it now ({@code state}, {@code info.entity}, {@code error}).
 *
 * @param vm the VM the import makes, once vCenter says (info.entity, when the lease is ready or later)
 * @param error vCenter's text when the lease failed or was aborted
 */
public record LeaseState(Status status, Moref vm, String error) {

  /** HttpNfcLeaseState, and GONE when vCenter no longer knows the lease. */
  public enum Status { INITIALIZING, READY, DONE, ERROR, GONE }

  public boolean isLive() {
    return status == Status.INITIALIZING || status == Status.READY;
  }
}
