package dunes.vsphere;

import java.util.List;

/**
 * A vApp as Dunes reads it back: its members in start order.
 *
 * @param buildTag the ticket of the build that created it (annotation line {@code dunes.build=...}), or null
 */
public record VAppInfo(String name, Moref moref, List<Member> members, String buildTag) {

  public VAppInfo {
    members = List.copyOf(members);
  }

  /** One VM's start and stop settings inside the vApp. */
  public record Member(
      String vm, Moref moref, Integer startOrder, Integer startDelay, Boolean waitingForGuest, String startAction,
      String stopAction) {}
}
