package dunes.preflight;

import dunes.build.BuildSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * An existing system the build dials, as the build dials it: its role ({@link EndpointCertificate#key()}),
 * the request field that names it, the host and port, whether it speaks TLS (its certificate is read),
 * and the request's pin of that certificate.
 */
record Endpoint(String key, String field, String url, String host, int port, boolean tls, String purpose,
    String pinned) {

  /** Every existing endpoint the request names, in the order an operator reads the request. */
  static List<Endpoint> of(BuildSpec spec) {
    List<Endpoint> endpoints = new ArrayList<>();
    if (spec.vcenter() != null && spec.vcenter().url() != null) {
      endpoints.add(fromUrl("vcenter", "vcenter.url", spec.vcenter().url(),
          "vCenter, where the build imports, clones and groups the nodes", spec.vcenter().fingerprint()));
    }
    if (spec.edge() != null && spec.edge().managerUrl() != null) {
      endpoints.add(fromUrl("edge", "edge.managerUrl", spec.edge().managerUrl(),
          "the vShield Manager, whose edge gets the virtual IP and the load balancer", spec.edge().fingerprint()));
    }
    if (spec.ca() != null && spec.ca().url() != null) {
      endpoints.add(fromUrl("ca", "ca.url", spec.ca().url(),
          "the Microsoft CA's web enrolment (certsrv), which issues the nodes' certificates", spec.ca().fingerprint()));
    }
    if (spec.sso() != null && spec.sso().host() != null) {
      BuildSpec.Sso sso = spec.sso();
      endpoints.add(new Endpoint("sso", "sso.host", "https://" + sso.host() + ":" + sso.port(), sso.host(), sso.port(),
          true, "SSO, which the nodes trust and register with", sso.fingerprint()));
    }
    if (spec.database() != null && spec.database().host() != null) {
      BuildSpec.Database database = spec.database();
      endpoints.add(new Endpoint("database", "database.host", null, database.host(), database.port(), false,
          "the vCO database's SQL Server", database.fingerprint()));
    }
    if (spec.ovf() != null && spec.ovf().reference() != null && spec.ovf().reference().url() != null) {
      BuildSpec.Reference reference = spec.ovf().reference();
      endpoints.add(fromUrl("reference", "ovf.reference.url", reference.url(),
          "the reference vCO appliance the probe asks for its version and workflows", reference.fingerprint()));
    }
    return endpoints;
  }

  private static Endpoint fromUrl(String key, String field, String url, String purpose, String pinned) {
    URI uri = URI.create(url.trim());
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
    return new Endpoint(key, field, withoutUserInfo(uri), uri.getHost(), port, https, purpose, pinned);
  }

  /** The URL as the report keeps it: a {@code user:password@} in it never reaches the table. */
  private static String withoutUserInfo(URI uri) {
    if (uri.getRawUserInfo() == null) {
      return uri.toString();
    }
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
        + (uri.getRawPath() == null ? "" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  /** The host is an address, not a name: nothing to resolve. */
  boolean isAddressLiteral() {
    return host.indexOf(':') >= 0 || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
  }

  /** {@code host:port}, as a check's message names the endpoint. */
  String address() {
    return host + ":" + port;
  }
}
