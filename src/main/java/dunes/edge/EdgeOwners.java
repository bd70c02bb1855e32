package dunes.edge;

/**
 * Which build an edge object belongs to: the pools and virtual servers a build creates carry its
 * change ticket in their {@code description}, an element the manager keeps with the object (the
 * vShield/NSX load balancer schema: {@code pool/description}, {@code virtualServer/description},
 * vmware-archive/nsxraml {@code schemas/poolsCreate.xml}, {@code virtualServersCreate.xml}). An
 * object of the build's name that does not carry its mark is someone else's and is never adopted.
 */
public final class EdgeOwners {

  static final String PREFIX = "Dunes build ";

  private EdgeOwners() {}

  /** The description of an object the build {@code ticket} creates. */
  public static String mark(String ticket) {
    return PREFIX + ticket;
  }

  public static boolean ownedBy(String description, String ticket) {
    return description != null && description.strip().equals(mark(ticket));
  }

  /** Whose an object is, for a message: another build's ticket, or what its description says. */
  public static String describe(String description) {
    if (description == null || description.isBlank()) {
      return "nobody (it has no description, so it was not made by a Dunes build)";
    }
    String text = description.strip();
    return text.startsWith(PREFIX) ? "build " + text.substring(PREFIX.length()) : "'" + text + "' (its description)";
  }
}
