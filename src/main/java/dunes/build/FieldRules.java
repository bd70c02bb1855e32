package dunes.build;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shape of single request values, each rule as what the product or standard behind the value
 * takes (docs/api.md, "Validation rules"). Each returns what is wrong, or null.
 */
final class FieldRules {

  /** RFC 1123 2.1 host name label: letters, digits, '-', not at either end; 1-63. */
  private static final Pattern LABEL = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  /** RFC 1123 names of at least two labels, the last not all digits (so no address reads as a name), 253 at most. */
  private static final Pattern FQDN =
      Pattern.compile("(?i)(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
  /** vShield Manager edge ids, as its API lists them ({@code edge-1}); they go into API paths. */
  private static final Pattern EDGE_ID = Pattern.compile("edge-[0-9]{1,10}");
  /**
   * A certificate template's name (its AD object's cn, 64 at most): it goes into certsrv's
   * {@code CertAttrib} as {@code CertificateTemplate:<name>}, where ':' and a line break would start
   * another attribute (a SAN of the caller's choosing).
   */
  private static final Pattern TEMPLATE = Pattern.compile("[A-Za-z0-9_.-]([A-Za-z0-9 _.-]{0,62}[A-Za-z0-9_.-])?");
  /** An engine user id as change management names its requester. */
  private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
  /** A tz database name (Area/Location, Etc/UTC): vami_set_timezone_cmd takes one word of these. */
  private static final Pattern TZ_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}");
  private static final Set<String> ZONES = ZoneId.getAvailableZoneIds();
  /** vSphere entity names: "a non-empty string of less than 80 characters" (Folder.CreateFolder, InvalidName). */
  static final int INVENTORY_NAME_MAX = 79;

  private FieldRules() {}

  static String label(String v) {
    return LABEL.matcher(v).matches() ? null
        : "not a valid host name (RFC 1123: letters, digits and '-', not first or last; at most 63)";
  }

  static String fqdn(String v) {
    return FQDN.matcher(v).matches() ? null
        : "not a valid fully qualified domain name (RFC 1123 labels of letters, digits and '-', at most 63 each, "
            + "253 in all)";
  }

  /** A URL's host: a name of one or more labels, or an IPv4 address. */
  static String host(String v) {
    return LABEL.matcher(v).matches() || FQDN.matcher(v).matches() || Ipv4.parse(v).isPresent() ? null
        : "not a host name or IPv4 address";
  }

  /** An IPv4 address one host can have: not "this network", multicast or reserved. */
  static String hostAddress(String v) {
    Optional<Long> address = Ipv4.parse(v);
    return address.isEmpty() ? "not a valid IPv4 address" : Ipv4.notAHost(address.get());
  }

  static String edgeId(String v) {
    return EDGE_ID.matcher(v).matches() ? null
        : "not a vShield edge id: 'edge-' and its number, as the manager lists them (for example edge-1)";
  }

  static String template(String v) {
    return TEMPLATE.matcher(v).matches() ? null
        : "not a certificate template name: 1-64 letters, digits, '_', '.', '-' and inner spaces (the template's "
            + "name, not its display name); no ':' or line breaks";
  }

  static String userId(String v) {
    return USER_ID.matcher(v).matches() ? null : "a user id is 1-64 letters, digits, '.', '_', '@' or '-'";
  }

  static String timezone(String v) {
    return TZ_NAME.matcher(v).matches() && ZONES.contains(v) ? null
        : "not a time zone of the tz database (use a name such as Europe/Berlin or Etc/UTC, not an offset)";
  }

  /**
   * A login name: 1-128 characters (SQL Server's sysname), no control characters, no ':' (HTTP Basic
   * cannot carry it, RFC 7617 2), no spaces around it.
   */
  static String username(String v) {
    String text = text(v, 128);
    return text != null ? text : v.indexOf(':') >= 0 ? "must not contain ':' (HTTP Basic cannot carry it)" : null;
  }

  /** Free text for a name or a certificate field: at most {@code max}, no control characters, no spaces around it. */
  static String text(String v, int max) {
    if (v.length() > max) {
      return "at most " + max + " characters, got " + v.length();
    }
    if (v.chars().anyMatch(Character::isISOControl)) {
      return "must not contain control characters such as line breaks";
    }
    return v.strip().equals(v) ? null : "must not begin or end with spaces";
  }

  /**
   * One vSphere inventory name (a datacenter, cluster, pool, datastore, network): vSphere escapes
   * '/', '\' and '%' in names (ManagedEntity.name), so a name holding one is never the name Dunes
   * compares with; a path separator is no name at all.
   */
  static String inventoryName(String v) {
    String text = text(v, INVENTORY_NAME_MAX);
    if (text != null) {
      return text;
    }
    return v.chars().anyMatch(c -> c == '/' || c == '\\' || c == '%')
        ? "one inventory name, without '/', '\\' or '%' (vSphere escapes them in names)" : null;
  }

  /** A folder path below the datacenter's VM folder: names separated by '/', no empty, '.' or '..' step. */
  static String inventoryPath(String v) {
    if (v.length() > 1024) {
      return "at most 1024 characters";
    }
    for (String segment : v.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return "folder names separated by single '/': no leading, trailing or doubled '/', no '.' or '..'";
      }
      String problem = inventoryName(segment);
      if (problem != null) {
        return "folder '" + segment + "': " + problem;
      }
    }
    return null;
  }

  /** How a URL field may look besides its scheme. */
  enum UrlShape {
    /** scheme, host, port and a path */
    WITH_PATH,
    /** scheme, host and port only ({@code https://host:8281}) */
    ORIGIN
  }

  /**
   * An https (or, where allowed, http) URL with a host name or IPv4 address, a port in 1-65535, no
   * user info (credentials come from the secret store only), no query, no fragment.
   */
  static String url(String v, boolean httpAllowed, UrlShape shape) {
    URI uri;
    try {
      uri = new URI(v);
    } catch (URISyntaxException e) {
      return "not a valid URL: " + e.getReason();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("https") && !(httpAllowed && scheme.equals("http"))) {
      return "must be an https URL" + (scheme.isEmpty() ? "" : ", not " + scheme + ":");
    }
    if (uri.getRawUserInfo() != null) {
      return "must not carry credentials (user info): logins come from the secret store";
    }
    if (uri.getHost() == null) {
      return "the URL has no host (or one that is not a host name)";
    }
    String host = host(uri.getHost());
    if (host != null) {
      return "the URL's host: " + host;
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      return "the URL's port must be 1 to 65535";
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      return "must not have a query or fragment";
    }
    boolean bare = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
    return shape == UrlShape.ORIGIN && !bare ? "the server's origin only (https://host[:port]), without a path" : null;
  }
}
