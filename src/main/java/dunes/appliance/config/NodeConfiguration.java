package dunes.appliance.config;

import dunes.build.BuildSpec;
import dunes.secrets.SecretRef;
import java.net.URI;
import java.util.List;

/**
 * The field guide's configurator pages as Configuration plug-in workflows with the request's
 * values, by the key a ConfigureNode activity names ({@code network}, {@code sso}, ...). Which
 * workflow runs each step is configuration ({@link VcoConfigProperties#workflow}, documented
 * defaults where the vCO 5.5 docs name one); inputs of the documented workflows come from the
 * docs (PROTOCOLS.md 1c), the others are *unverified* (docs/vco-configuration.md). A step with no
 * workflow configured is an operator's: {@link #byHand()} says what to do on the configurator.
 *
 * @param step the workflow property's key ({@code dunes.appliance.config.workflows.<step>})
 */
public record NodeConfiguration(String step, WorkflowRef workflow, List<Input> inputs, Match match, String byHand) {

  /**
   * @param key network, importSsoCertificate, importVCenterCertificate, sso, database, createTables, licence,
   *     vcenter (the vCenter plug-in's connection: entered again on every clone), createPackageSigning,
   *     exportPackageSigningCsr, cluster (every request node active), clusterSingleActive (one active node:
   *     the seed's window for authoring workflows), clusterStatus (read-only, runs at every call), or
   *     plugin:&lt;name&gt;
   */
  public static NodeConfiguration of(String key, BuildSpec spec, BuildSpec.Node node, VcoConfigProperties workflows) {
    String configurator = "https://" + node.fqdn() + ":" + spec.appliance().configPort() + " (log in as vmware)";
    if (key.startsWith("plugin:")) { // each plug-in once, whatever was installed after it
      String plugin = key.substring(7);
      return new NodeConfiguration("plugin", workflows.workflow("plugin"), List.of(Input.string("pluginName", plugin)),
          Match.ANY_COMPLETED, "On " + configurator + ", page Plug-ins: install the plug-in '" + plugin
              + "' (its .vmoapp or .dar file), then restart the vco-server service.");
    }
    BuildSpec.Sso sso = spec.sso();
    String ssoBase = "https://" + sso.host() + ":" + sso.port();
    return switch (key) {
      case "network" -> one("network", workflows, "On " + configurator + ", page Network, tab Network: set the IP "
          + "address to " + node.ip() + ", leave the ports at their defaults, Apply changes.",
          Input.string("IP", node.ip()));
      case "importSsoCertificate" -> trust(workflows, configurator, ssoBase);
      case "importVCenterCertificate" -> trust(workflows, configurator, origin(spec.vcenter().url()));
      case "sso" -> one("sso", workflows, "On " + configurator + ", page Authentication: choose SSO, host "
          + sso.host() + ", check the token and admin service URLs use port " + sso.port() + ", enter the SSO "
          + "administrator " + sso.username() + ", Register Orchestrator; then pick the vCO admin group '"
          + sso.adminGroup() + "' and Accept Orchestrator Configuration.",
          Input.string("mode", "sso"), Input.string("ssoHost", sso.host()), Input.number("ssoPort", sso.port()),
          Input.string("tokenServiceURL", ssoBase + "/sts/STSService"),
          Input.string("adminServiceURL", ssoBase + "/sso-adminserver/sdk"),
          Input.string("ssoAdminUser", sso.username()), Input.secure("ssoAdminPassword", new SecretRef(sso.passwordRef())),
          Input.number("clockTolerance", 300), Input.string("vcoAdminGroup", sso.adminGroup()));
      case "database" -> one("database", workflows, "On " + configurator + ", page Database: type SQL Server, host "
          + spec.database().host() + ", port " + spec.database().port() + ", database " + spec.database().name()
          + ", user " + spec.database().username() + ", Apply changes.", database(spec.database()));
      case "createTables" -> one("create-tables", workflows, "On " + configurator + ", page Database: once connected, "
          + "click \"Create the database tables\", then Apply changes.");
      case "createPackageSigning" -> one("create-package-signing", workflows, "On " + configurator + ", page Server "
          + "Certificate: \"Create a certificate database and self-signed server certificate\", common name "
          + spec.cluster().fqdn() + " (the load-balanced name), organization " + spec.certificate().organization()
          + ", OU " + spec.certificate().organizationalUnit() + ", country " + spec.certificate().country()
          + ", Create.", // CN = the load-balanced name
          Input.string("commonName", spec.cluster().fqdn()),
          Input.string("organization", spec.certificate().organization()),
          Input.string("organizationalUnit", spec.certificate().organizationalUnit()),
          Input.string("country", spec.certificate().country()));
      case "exportPackageSigningCsr" -> one("export-package-signing-csr", workflows, "On " + configurator + ", page "
          + "Server Certificate: \"Export a certificate signing request\" (vCO_SigningRequest.csr).");
      case "licence" -> one("licence", workflows, "On " + configurator + ", page Licenses, tab vCenter Server "
          + "License: host " + URI.create(spec.vcenter().url()).getHost() + ", user " + spec.vcenter().username()
          + " and its password, Apply changes.", vcenter(spec));
      case "vcenter" -> one("vcenter", workflows, "On " + configurator + ", page vCenter Server (the plug-in's "
          + "tab): enter again the vCenter host " + URI.create(spec.vcenter().url()).getHost() + ", user "
          + spec.vcenter().username() + " and its password, Apply changes (a cloned node must have them re-entered).",
          vcenter(spec));
      case "cluster" -> cluster(spec, spec.nodes().size(), workflows, configurator);
      case "clusterSingleActive" -> cluster(spec, 1, workflows, configurator);
      case "clusterStatus" -> new NodeConfiguration("cluster-status", workflows.workflow("cluster-status"), List.of(),
          Match.NEVER, "On " + configurator + ", page Server Availability: wait until the started nodes list every "
              + "request node (" + String.join(", ", spec.nodeNames()) + ") and " + spec.nodes().size()
              + " of them RUNNING, then confirm.");
      default -> throw new IllegalArgumentException("no node configuration named '" + key + "'");
    };
  }

  /** The node has the step's workflow configured: run it; otherwise an operator performs the step. */
  public boolean automated() {
    return workflow.configured();
  }

  private static NodeConfiguration one(String step, VcoConfigProperties workflows, String byHand, Input... inputs) {
    return new NodeConfiguration(step, workflows.workflow(step), List.of(inputs), Match.NEWEST_COMPLETED, byHand);
  }

  /** The SSL Trust Manager's import from URL: each run adds one certificate. */
  private static NodeConfiguration trust(VcoConfigProperties workflows, String configurator, String url) {
    return new NodeConfiguration("import-certificate", workflows.workflow("import-certificate"),
        List.of(Input.string("url", url)), Match.ANY_COMPLETED, "On " + configurator + ", page Network, tab SSL "
            + "Trust Manager: import from URL " + url + ", check the certificate, Import.");
  }

  private static Input[] vcenter(BuildSpec spec) {
    return new Input[] {Input.string("vcenterHost", URI.create(spec.vcenter().url()).getHost()),
        Input.string("vcenterUser", spec.vcenter().username()),
        Input.secure("vcenterPassword", new SecretRef(spec.vcenter().passwordRef()))};
  }

  /** Server Availability: cluster mode with {@code activeNodes} active, the request's heartbeat values. */
  private static NodeConfiguration cluster(BuildSpec spec, int activeNodes, VcoConfigProperties workflows,
      String configurator) {
    return one("cluster", workflows, "On " + configurator + ", page Server Availability: tick Cluster mode, number "
        + "of active nodes " + activeNodes + ", heartbeat interval " + spec.cluster().heartbeatIntervalMs()
        + " ms, failover heartbeats " + spec.cluster().failoverHeartbeats() + ", Apply changes.",
        Input.bool("clusterMode", true), Input.number("activeNodes", activeNodes),
        Input.number("heartbeatInterval", spec.cluster().heartbeatIntervalMs()),
        Input.number("failoverHeartbeats", spec.cluster().failoverHeartbeats()));
  }

  private static Input[] database(BuildSpec.Database db) {
    return new Input[] {Input.string("host", db.host()), Input.number("port", db.port()),
        Input.string("databaseName", db.name()), Input.string("db", db.instance() == null ? "" : db.instance()),
        Input.string("domain", ""), Input.string("username", db.username()),
        Input.secure("password", new SecretRef(db.passwordRef()))};
  }

  /** https://host[:port] of a URL: what the import from URL connects to. */
  private static String origin(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
  }
}
