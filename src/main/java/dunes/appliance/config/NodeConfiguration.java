package dunes.appliance.config;

import dunes.build.BuildSpec;
import dunes.build.SecretUses;
import dunes.pki.Fingerprints;
import dunes.pki.keys.CertificateChains;
import dunes.secrets.SecretRef;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The field guide's configurator pages as Configuration plug-in workflows with the request's
 * values, by the key a ConfigureNode activity names ({@code network}, {@code sso}, ...). Which
 * workflow runs each step is configuration ({@link VcoConfigProperties#workflow}, documented
 * defaults where the vCO 5.5 docs name one); inputs of the documented workflows come from the
 * docs (PROTOCOLS.md 1c), the others are *unverified* (docs/vco-configuration.md). A step with no
 * workflow configured is an operator's: {@link #byHand()} says what to do.
 *
 * @param step the workflow property's key ({@code dunes.appliance.config.workflows.<step>})
 */
public record NodeConfiguration(String step, WorkflowRef workflow, List<Input> inputs, Match match, String byHand) {

  /** The CSR an operator pasted after exporting it by hand (PEM; a CSR is public, a private key never enters). */
  public static final String PASTED_CSR = "packageSigningCsr";
  /** The certificate (or chain, leaf first) the two package-signing imports take, as PEM. */
  public static final String CERTIFICATE_PEM = "certificatePem";

  /** {@link #of(String, BuildSpec, BuildSpec.Node, VcoConfigProperties, String)} of a key that takes no certificate. */
  public static NodeConfiguration of(String key, BuildSpec spec, BuildSpec.Node node, VcoConfigProperties workflows) {
    return of(key, spec, node, workflows, null);
  }

  /**
   * @param key network, importSsoCertificate, importVCenterCertificate, sso, database, createTables, licence,
   *     vcenter (the vCenter plug-in's connection: entered again on every clone), createPackageSigning,
   *     exportPackageSigningCsr, cluster (every request node active), clusterSingleActive (one active node:
   *     the seed's window for authoring workflows), clusterStatus (read-only, runs at every call),
   *     importTrustedCertificate (a CA's certificate as a known certificate), importPackageSigningCertificate
   *     (the CA-signed chain), or plugin:&lt;name&gt;
   * @param certificatePem what the two imports take ({@link #CERTIFICATE_PEM}); null for every other key
   */
  public static NodeConfiguration of(String key, BuildSpec spec, BuildSpec.Node node, VcoConfigProperties workflows,
      String certificatePem) {
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
          Input.string("ssoAdminUser", sso.username()),
          Input.secure("ssoAdminPassword", new SecretRef(sso.passwordRef()), SecretUses.sso(sso)),
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
      case "exportPackageSigningCsr" -> one("export-package-signing-csr", workflows, "On " + configurator + ", page Server Certificate: \"Export a certificate signing request\" and save vCO_SigningRequest.csr. "
              + "Open it in a text editor and paste all of it, from -----BEGIN CERTIFICATE REQUEST----- to -----END "
              + "CERTIFICATE REQUEST-----, into this task's field: Dunes checks it (CN " + spec.cluster().fqdn()
              + ", signed by its own key) and submits it to the CA. Never paste a private key: it stays in vCO.");
      case "importTrustedCertificate" -> knownCertificate(spec, node, workflows, required(key, certificatePem));
      case "importPackageSigningCertificate" -> signedCertificate(configurator, workflows,
          required(key, certificatePem));
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

  /**
   * A CA's certificate as one of vCO's known certificates (field guide, "Create Package Signing
   * Certificate" steps 15–18: the vCO client's Certificate Manager); each run adds one certificate.
   */
  private static NodeConfiguration knownCertificate(BuildSpec spec, BuildSpec.Node node, VcoConfigProperties workflows,
      String pem) {
    X509Certificate certificate = certificates(pem).get(0);
    boolean root = certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    return new NodeConfiguration("import-trusted-certificate", workflows.workflow("import-trusted-certificate"),
        List.of(Input.string("pem", pem)), Match.ANY_COMPLETED, "Start the vCO client (https://" + node.fqdn() + ":"
            + spec.appliance().serverPort() + "/vco/client/client.jnlp) and log in as "
            + (spec.sso() == null ? "a vCO administrator" : "a member of the vCO admin group '"
                + spec.sso().adminGroup() + "'") + ". Tools > Certificate Manager > Known Certificates > Import "
            + "Certificate: select the " + (root ? "root" : "intermediate") + " CA certificate below saved as a file ("
            + (root ? "root.cer" : "intermediate.cer") + "), check that its details show subject '"
            + certificate.getSubjectX500Principal().getName() + "' and SHA-256 fingerprint "
            + Fingerprints.sha256(certificate) + ", then Import Certificate.\n" + CertificateChains.pem(certificate));
  }

  /**
   * The CA-signed package-signing certificate (step 19: the configurator's Server Certificate
   * page). The workflow takes the chain, leaf first; by hand the page takes the signed certificate.
   */
  private static NodeConfiguration signedCertificate(String configurator, VcoConfigProperties workflows, String pem) {
    X509Certificate signed = certificates(pem).get(0);
    return new NodeConfiguration("import-package-signing-certificate",
        workflows.workflow("import-package-signing-certificate"), List.of(Input.string("pem", pem)),
        Match.NEWEST_COMPLETED, "On " + configurator + ", page Server Certificate: \"Import a certificate signing "
            + "request signed by a certificate authority\": select the signed certificate below saved as a file "
            + "(vco.crt; subject '" + signed.getSubjectX500Principal().getName() + "', SHA-256 fingerprint "
            + Fingerprints.sha256(signed) + "), Import. If vCO refuses it, the root (and any intermediate) CA "
            + "certificate is not yet a known certificate.\n" + CertificateChains.pem(signed));
  }

  private static String required(String key, String certificatePem) {
    if (certificatePem == null || certificatePem.isBlank()) {
      throw new IllegalArgumentException("node configuration '" + key + "' needs the variable '" + CERTIFICATE_PEM
          + "' (the certificate to import, PEM)");
    }
    return certificatePem;
  }

  private static List<X509Certificate> certificates(String pem) {
    return CertificateChains.certificates(pem.getBytes(StandardCharsets.US_ASCII));
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
        Input.secure("vcenterPassword", new SecretRef(spec.vcenter().passwordRef()),
            SecretUses.vcenter(spec.vcenter()))};
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
        Input.secure("password", new SecretRef(db.passwordRef()), SecretUses.database(db))};
  }

  /** https://host[:port] of a URL: what the import from URL connects to. */
  private static String origin(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
  }
}
