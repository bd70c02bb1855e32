package dunes.appliance.config;

import dunes.build.BuildSpec;
import dunes.secrets.SecretRef;
import java.net.URI;
import java.util.List;

/**
 * The field guide's configurator pages as Configuration plug-in workflows with the request's
 * values, by the key a ConfigureNode activity names ({@code network}, {@code sso}, ...). Names and
 * inputs of the documented workflows come from the vCO 5.5.1 docs (PROTOCOLS.md 1c); the others are
 * the lab's and *unverified* (docs/vco-configuration.md).
 */
public record NodeConfiguration(String workflow, List<Input> inputs, Match match) {

  /**
   * @param key network, importSsoCertificate, importVCenterCertificate, sso, database, createTables, licence,
   *     createPackageSigning, exportPackageSigningCsr, cluster (every request node active),
   *     clusterSingleActive (one active node: the seed's window for authoring workflows), clusterStatus
   *     (read-only, runs at every call), or plugin:&lt;name&gt;
   */
  public static NodeConfiguration of(String key, BuildSpec spec, BuildSpec.Node node) {
    if (key.startsWith("plugin:")) { // each plug-in once, whatever was installed after it
      return new NodeConfiguration("Install plug-in", List.of(Input.string("pluginName", key.substring(7))),
          Match.ANY_COMPLETED);
    }
    BuildSpec.Sso sso = spec.sso();
    String ssoBase = "https://" + sso.host() + ":" + sso.port();
    return switch (key) {
      case "network" -> one("Configure network settings", Input.string("IP", node.ip()));
      case "importSsoCertificate" -> new NodeConfiguration("Import certificate from URL",
          List.of(Input.string("url", ssoBase)), Match.ANY_COMPLETED);
      case "importVCenterCertificate" -> new NodeConfiguration("Import certificate from URL",
          List.of(Input.string("url", origin(spec.vcenter().url()))), Match.ANY_COMPLETED);
      case "sso" -> one("Configure SSO",
          Input.string("mode", "sso"), Input.string("ssoHost", sso.host()), Input.number("ssoPort", sso.port()),
          Input.string("tokenServiceURL", ssoBase + "/sts/STSService"),
          Input.string("adminServiceURL", ssoBase + "/sso-adminserver/sdk"),
          Input.string("ssoAdminUser", sso.username()), Input.secure("ssoAdminPassword", new SecretRef(sso.passwordRef())),
          Input.number("clockTolerance", 300), Input.string("vcoAdminGroup", sso.adminGroup()));
      case "database" -> one("Microsoft SQL Server", database(spec.database()));
      case "createTables" -> one("Create database tables");
      case "createPackageSigning" -> one("Create package signing certificate", // CN = the load-balanced name
          Input.string("commonName", spec.cluster().fqdn()),
          Input.string("organization", spec.certificate().organization()),
          Input.string("organizationalUnit", spec.certificate().organizationalUnit()),
          Input.string("country", spec.certificate().country()));
      case "exportPackageSigningCsr" -> one("Export package signing CSR");
      case "licence" -> one("Configure licence", Input.string("vcenterHost", URI.create(spec.vcenter().url()).getHost()),
          Input.string("vcenterUser", spec.vcenter().username()),
          Input.secure("vcenterPassword", new SecretRef(spec.vcenter().passwordRef())));
      case "cluster" -> cluster(spec, spec.nodes().size());
      case "clusterSingleActive" -> cluster(spec, 1);
      case "clusterStatus" -> new NodeConfiguration("Get cluster status", List.of(), Match.NEVER);
      default -> throw new IllegalArgumentException("no node configuration named '" + key + "'");
    };
  }

  private static NodeConfiguration one(String workflow, Input... inputs) {
    return new NodeConfiguration(workflow, List.of(inputs), Match.NEWEST_COMPLETED);
  }

  /** Server Availability: cluster mode with {@code activeNodes} active, the request's heartbeat values. */
  private static NodeConfiguration cluster(BuildSpec spec, int activeNodes) {
    return one("Configure cluster", Input.bool("clusterMode", true), Input.number("activeNodes", activeNodes),
        Input.number("heartbeatInterval", spec.cluster().heartbeatIntervalMs()),
        Input.number("failoverHeartbeats", spec.cluster().failoverHeartbeats()));
  }

  private static Input[] database(BuildSpec.Database db) {
    return new Input[] {Input.string("host", db.host()), Input.number("port", db.port()),
        Input.string("databaseName", db.name()), Input.string("db", db.instance() == null ? "" : db.instance()),
        Input.string("domain", ""), Input.string("username", db.username()),
        Input.secure("password", new SecretRef(db.passwordRef()))};
  }

  /** https://host[:port] of a URL: what "Import certificate from URL" connects to. */
  private static String origin(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
  }
}
