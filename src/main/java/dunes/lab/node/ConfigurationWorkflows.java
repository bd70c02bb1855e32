package dunes.lab.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dunes.lab.LabCertificates;
import dunes.lab.LabState;
import dunes.lab.node.LabVcoDatabase.ClusterSettings;
import dunes.lab.sso.LabSsoDirectory;
import dunes.pki.Fingerprints;
import dunes.pki.keys.CertificateChainException;
import dunes.pki.keys.CertificateChains;
import dunes.pki.keys.KeyParameters;
import dunes.pki.keys.Keystores;
import dunes.pki.keys.SubjectAlternativeNames;
import dunes.pki.keys.SubjectName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The Configuration plug-in workflows a node knows, by id, and what running them did to the node.
 * Ids of SSO, SQL Server, network settings and "Delete trusted certificate" are from the vCO 5.5.1
 * documentation (PROTOCOLS.md 1c). Every other workflow here is the lab's own, mirroring a page of
 * the configurator, so its id, name and inputs are *unverified* placeholders.
 */
final class ConfigurationWorkflows {

  record Workflow(String id, String name) {}

  /** One input as posted; {@code value} is null for a SecureString, whose value the lab never keeps. */
  record Parameter(String name, String type, JsonNode value) {

    boolean secure() {
      return type.equals("SecureString");
    }
  }

  /**
   * What a run did.
   *
   * @param runTime how long the execution reports "running" (zero: completed at once)
   * @param error vCO's error text of a failed execution, null when it succeeded
   * @param outputs the run's output parameters (all of type string), name → value; empty for most
   */
  record Outcome(Duration runTime, String error, Map<String, String> outputs) {

    static final Outcome DONE = new Outcome(Duration.ZERO, null);

    Outcome {
      outputs = Map.copyOf(outputs);
    }

    Outcome(Duration runTime, String error) {
      this(runTime, error, Map.of());
    }

    static Outcome failed(String error) {
      return new Outcome(Duration.ZERO, error);
    }

    static Outcome done(Map<String, String> outputs) {
      return new Outcome(Duration.ZERO, null, outputs);
    }
  }

  static final Workflow CONFIGURE_SSO = new Workflow("9ff67fbc-411c-47c7-af80-c81b1215b516", "Configure SSO");
  static final Workflow SQL_SERVER = new Workflow("9643be91-35fc-49a9-819b-56e3bffc7705", "Microsoft SQL Server");
  static final Workflow NETWORK = new Workflow("440c9173-0866-4819-b4c9-f5e15004fd4c", "Configure network settings");
  static final Workflow DELETE_TRUSTED = new Workflow("8a70a326-ffd7-4fef-97e0-2002ac49f5bd", "Delete trusted certificate");
  /** *unverified*: the configurator's Server Availability page */
  static final Workflow CONFIGURE_CLUSTER = new Workflow("dunes-lab-configure-cluster", "Configure cluster");
  /**
   * *unverified*: the Server Availability page's list of started cluster nodes; no inputs, outputs
   * clusterMode, activeNodes, heartbeatInterval (ms), failoverHeartbeats, nodes ("name=STATE,…")
   */
  static final Workflow CLUSTER_STATUS = new Workflow("dunes-lab-cluster-status", "Get cluster status");
  /**
   * The SSL Trust Manager's import from URL (field guide, configure step 8): name and input {@code url}
   * from the vCO 5.5/5.5.2 install guide, "Import SSL Certificates by Using the REST API"; its id is
   * not printed there, so this one is the lab's
   */
  static final Workflow IMPORT_CERTIFICATE = new Workflow("dunes-lab-import-trusted-certificate-from-url",
      "Import trusted certificate from URL");
  /**
   * The Licenses page, licence from vCenter (step 13): name and id from the vCO 5.5 install guide,
   * "Import the vCenter Server License by Using the REST API"; its inputs are *unverified* (the lab's)
   */
  static final Workflow CONFIGURE_LICENCE = new Workflow("5f4a37f4-6f8f-4d20-9468-e7018c206952",
      "Use vCenter Server license");
  /**
   * The vCenter Server plug-in's configuration workflow (vCO 5.5.1 "Using the vCenter Orchestrator
   * Plug-Ins", Configuration Workflows): the connection to a vCenter instance, to be entered again
   * on a clone. The id and inputs are the lab's (*unverified*)
   */
  static final Workflow ADD_VCENTER = new Workflow("dunes-lab-add-vcenter-instance", "Add a vCenter Server instance");
  /** *unverified*: the Plug-ins page (step 14) */
  static final Workflow INSTALL_PLUGIN = new Workflow("dunes-lab-install-plugin", "Install plug-in");
  /** *unverified*: the Database page's "Create the database tables" link (step 12) */
  static final Workflow CREATE_TABLES = new Workflow("dunes-lab-create-database-tables", "Create database tables");
  /** *unverified* id: the library's "Sleep" (input sleepTime, seconds), the lab's workflow that takes time */
  static final Workflow SLEEP = new Workflow("dunes-lab-sleep", "Sleep");

  /**
   * *unverified*: the Server Certificate page's "Create a certificate database and self-signed server
   * certificate" (field guide, "Create Package Signing Certificate" step 1); inputs commonName,
   * organization, organizationalUnit, country
   */
  static final Workflow CREATE_SIGNING_CERTIFICATE = new Workflow("dunes-lab-create-package-signing-certificate",
      "Create package signing certificate");
  /** *unverified*: the Server Certificate page's "Export a certificate signing request" (step 2); output csr */
  static final Workflow EXPORT_SIGNING_CSR = new Workflow("dunes-lab-export-package-signing-csr",
      "Export package signing CSR");
  /** *unverified*: the client's Certificate Manager, Known Certificates, "Import Certificate" (step 18); input pem */
  static final Workflow IMPORT_TRUSTED_CERTIFICATE = new Workflow("dunes-lab-import-trusted-certificate",
      "Import trusted certificate");
  /**
   * *unverified*: the Server Certificate page's "Import a certificate signing request signed by a
   * certificate authority" (step 19); input pem, the chain leaf first
   */
  static final Workflow IMPORT_SIGNING_CERTIFICATE = new Workflow("dunes-lab-import-package-signing-certificate",
      "Import package signing certificate");

  /** What a vCO 5.5 server has by the documentation (plus the library's Sleep): every lab node serves these. */
  static final List<Workflow> DOCUMENTED = List.of(CONFIGURE_SSO, SQL_SERVER, NETWORK, DELETE_TRUSTED,
      IMPORT_CERTIFICATE, CONFIGURE_LICENCE, ADD_VCENTER, SLEEP);
  /**
   * The lab's "site package": workflows no public source documents, standing for a package a site
   * would write and import. Served only on nodes whose database was made with it
   * ({@link LabVcoDatabase#LabVcoDatabase(boolean)}; {@code dunes.lab.nodes.site-package}).
   */
  static final List<Workflow> SITE_PACKAGE = List.of(CONFIGURE_CLUSTER, CLUSTER_STATUS, INSTALL_PLUGIN,
      CREATE_TABLES, CREATE_SIGNING_CERTIFICATE, EXPORT_SIGNING_CSR, IMPORT_TRUSTED_CERTIFICATE,
      IMPORT_SIGNING_CERTIFICATE);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LONGEST_SLEEP = Duration.ofHours(1);
  /** the lab's stand-ins for the plug-ins a 5.5 appliance ships (the real module names are *unverified*) */
  static final List<String> BUILT_IN_PLUGINS = List.of("Configuration", "VC");

  /** the appliance's embedded OpenLDAP as shipped: {@code vcoadmin}/{@code vcoadmin}, group {@code vcoadmins} (PROTOCOLS.md corrections) */
  static final String LDAP_ADMIN = "vcoadmin";
  static final String LDAP_ADMIN_PASSWORD = "vcoadmin";

  /** the server's authentication and database choice, in the server's configuration directory */
  static final String SERVER_SETTINGS = "dunes-lab-server.properties";
  /** trusted hosts, plug-ins, tables, the package-signing subject and chain, the known certificates */
  static final String CONFIGURATION = "dunes-lab-configuration.json";
  /** the package-signing key: the configurator's certificate database, a keystore of its own */
  static final String SIGNING_KEYSTORE = "security/dunes-lab-package-signing.jks";

  private final LabVcoDatabase database;
  private final LabSsoDirectory sso;
  private final ServerSettings server;
  /** null: in memory */
  private final Path configurationFile;
  /** host (and port, when not 443) of each URL whose certificate "Import trusted certificate from URL" trusted */
  private final Set<String> trustedHosts = ConcurrentHashMap.newKeySet();
  private final Set<String> plugins = ConcurrentHashMap.newKeySet();
  private volatile boolean tablesCreated;
  private final PackageSigning packageSigning;

  ConfigurationWorkflows(LabVcoDatabase database) {
    this(database, LabSsoDirectory.lab(null), null);
  }

  /**
   * @param sso the lab SSO's users: "Configure SSO" registers with it, and REST logins are checked
   *     there once it succeeded
   * @param serverDir the server's configuration directory on the node's disk (etc/vco/app-server):
   *     what the workflows set is kept there and read back when the node is made again over the
   *     same disk, and a clone (a copy of the disk) has its source's; null keeps it in memory
   */
  ConfigurationWorkflows(LabVcoDatabase database, LabSsoDirectory sso, Path serverDir) {
    this.database = database;
    this.sso = sso;
    this.server = new ServerSettings(serverDir == null ? null : serverDir.resolve(SERVER_SETTINGS));
    this.configurationFile = serverDir == null ? null : serverDir.resolve(CONFIGURATION);
    this.packageSigning = new PackageSigning(serverDir == null ? null : serverDir.resolve(SIGNING_KEYSTORE));
    if (configurationFile != null) {
      LabState.read(configurationFile).ifPresent(this::restore);
    }
  }

  /** A workflow by id among all the lab knows (documented and site package), as kept runs name them. */
  static Optional<Workflow> known(String id) {
    return Stream.concat(DOCUMENTED.stream(), SITE_PACKAGE.stream()).filter(w -> w.id().equals(id)).findFirst();
  }

  /**
   * Whether the REST API takes this login: before SSO the embedded LDAP's administrator; once
   * "Configure SSO" succeeded, only SSO users of the configured vCO admin group. Never the
   * configurator's {@code vmware}.
   */
  boolean accepts(String user, String password) {
    String group = server.ssoAdminGroup();
    if (group == null) {
      return LDAP_ADMIN.equals(user) && server.ldapAdminPassword().equals(password);
    }
    return sso.authenticates(user, password) && sso.memberOf(user, group);
  }

  /** The names of the plug-ins the server has: the lab's built-in ones and those installed since (*unverified* names). */
  List<String> pluginNames() {
    TreeSet<String> names = new TreeSet<>(BUILT_IN_PLUGINS);
    names.addAll(plugins);
    return List.copyOf(names);
  }

  /** The vCO admin group "Configure SSO" set, null while the server authenticates with its embedded LDAP. */
  String ssoAdminGroup() {
    return server.ssoAdminGroup();
  }

  /**
   * vco-server starts: a database chosen by "Microsoft SQL Server" since the last start takes
   * effect now (the configurator's changes apply at the restart), never on the running server.
   *
   * @return true when the server now uses the cluster's SQL Server database
   */
  boolean serverStarting() {
    return server.applyDatabase();
  }

  /** True once vco-server started with the SQL Server database: runs go to the cluster's database. */
  boolean usesClusterDatabase() {
    return server.clusterDatabase();
  }

  /** The workflows this node has: the documented ones, and the site package where it was imported. */
  List<Workflow> installed() {
    return database.sitePackage() ? Stream.concat(DOCUMENTED.stream(), SITE_PACKAGE.stream()).toList()
        : DOCUMENTED;
  }

  Optional<Workflow> byId(String id) {
    return installed().stream().filter(w -> w.id().equals(id)).findFirst();
  }

  List<Workflow> byName(String name) {
    return installed().stream().filter(w -> w.name().equals(name)).toList();
  }

  /** The hosts whose certificates this node trusts through "Import trusted certificate from URL", sorted. */
  List<String> trustedHosts() {
    return List.copyOf(new TreeSet<>(trustedHosts));
  }

  List<String> plugins() {
    return List.copyOf(new TreeSet<>(plugins));
  }

  boolean tablesCreated() {
    return tablesCreated;
  }

  /** The package-signing certificate, leaf first: the self-signed one, or the imported chain; empty before "Create". */
  List<X509Certificate> packageSigningChain() {
    return packageSigning.chain();
  }

  /** The certificates "Import trusted certificate" added (the Known Certificates), in import order. */
  List<X509Certificate> knownCertificates() {
    return packageSigning.known();
  }

  /**
   * Runs {@code workflow} with the posted inputs. Missing or invalid inputs fail the execution with
   * an error text, as a workflow's own validation would, except "Configure cluster" which refuses
   * the request before any run.
   *
   * @throws IllegalArgumentException when the request is refused (HTTP 400, no execution)
   */
  Outcome run(Workflow workflow, Map<String, Parameter> inputs) {
    return run(workflow, inputs, Map.of());
  }

  /** @param secureValues the posted SecureString values, checked here and not kept */
  synchronized Outcome run(Workflow workflow, Map<String, Parameter> inputs, Map<String, String> secureValues) {
    try {
      if (workflow.equals(CONFIGURE_SSO)) {
        String user = text(inputs, "ssoAdminUser");
        if (!sso.authenticates(user, secureValues.get("ssoAdminPassword"))) {
          // as the SSO admin client reports it (*unverified* wording for vCO 5.5)
          throw new WorkflowFailure("com.vmware.vim.sso.admin.exception.InvalidCredentialException: SSO refused the"
              + " credentials of " + user);
        }
        String group = text(inputs, "vcoAdminGroup");
        if (!sso.hasGroup(group)) {
          throw new WorkflowFailure("The vCO admin group '" + group + "' was not found in SSO");
        }
        server.ssoConfigured(group);
      } else if (workflow.equals(SQL_SERVER)) {
        text(inputs, "host");
        text(inputs, "databaseName");
        server.databaseChosen();
      } else if (workflow.equals(CONFIGURE_CLUSTER)) {
        database.configure(clusterSettings(inputs));
      } else if (workflow.equals(CLUSTER_STATUS)) {
        return Outcome.done(clusterStatus());
      } else if (workflow.equals(IMPORT_CERTIFICATE)) {
        trustedHosts.add(hostOf(text(inputs, "url")));
      } else if (workflow.equals(CONFIGURE_LICENCE) || workflow.equals(ADD_VCENTER)) {
        text(inputs, "vcenterHost");
        text(inputs, "vcenterUser");
        secret(inputs, "vcenterPassword");
      } else if (workflow.equals(INSTALL_PLUGIN)) {
        plugins.add(text(inputs, "pluginName"));
      } else if (workflow.equals(CREATE_TABLES)) {
        tablesCreated = true;
      } else if (workflow.equals(SLEEP)) {
        return new Outcome(sleepTime(inputs), null);
      } else if (workflow.equals(CREATE_SIGNING_CERTIFICATE)) {
        packageSigning.create(subject(inputs));
      } else if (workflow.equals(EXPORT_SIGNING_CSR)) {
        return Outcome.done(Map.of("csr", packageSigning.csr()));
      } else if (workflow.equals(IMPORT_TRUSTED_CERTIFICATE)) {
        packageSigning.trust(text(inputs, "pem"));
      } else if (workflow.equals(IMPORT_SIGNING_CERTIFICATE)) {
        packageSigning.install(text(inputs, "pem"));
      }
      keep();
      return Outcome.DONE;
    } catch (WorkflowFailure e) {
      return Outcome.failed(e.getMessage());
    }
  }

  /** Everything the workflows set, whole, before the run is answered ({@link LabState#write}). */
  private void keep() {
    if (configurationFile == null) {
      return;
    }
    ObjectNode json = JSON.createObjectNode();
    trustedHosts().forEach(json.putArray("trustedHosts")::add);
    plugins().forEach(json.putArray("plugins")::add);
    json.put("tablesCreated", tablesCreated);
    packageSigning.writeTo(json);
    try {
      LabState.write(configurationFile, JSON.writeValueAsString(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot keep the node's configuration in " + configurationFile, e);
    }
  }

  private void restore(String text) {
    try {
      JsonNode json = JSON.readTree(text);
      json.path("trustedHosts").forEach(host -> trustedHosts.add(host.asText()));
      json.path("plugins").forEach(plugin -> plugins.add(plugin.asText()));
      tablesCreated = json.path("tablesCreated").asBoolean();
      packageSigning.readFrom(json);
    } catch (JsonProcessingException | RuntimeException e) {
      throw new IllegalStateException("cannot read the node's configuration in " + configurationFile + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * What the server's configuration files hold for the lab: the authentication ("Configure SSO"'s
   * admin group, or none: embedded LDAP) and the database (SQL Server chosen, and in use since a
   * start). A lab file of its own ({@code dunes-lab-server.properties}; the appliance's real files
   * are *unverified*), on the node's disk so a clone starts with its source's choices.
   */
  private static final class ServerSettings {

    private static final String SSO_GROUP = "sso.vcoAdminGroup";
    private static final String DATABASE_CHOSEN = "database.sqlserver.chosen";
    private static final String DATABASE_IN_USE = "database.sqlserver.inUse";
    /** the embedded LDAP administrator's password, when a site changed it from the shipped one */
    static final String LDAP_PASSWORD = "ldap.vcoadmin.password";

    private final Path file;
    private final Properties values = new Properties();

    ServerSettings(Path file) {
      this.file = file;
      if (file != null && Files.exists(file)) {
        try (InputStream in = Files.newInputStream(file)) {
          values.load(in);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the lab server settings " + file, e);
        }
      }
    }

    synchronized String ldapAdminPassword() {
      return values.getProperty(LDAP_PASSWORD, LDAP_ADMIN_PASSWORD);
    }

    synchronized String ssoAdminGroup() {
      return values.getProperty(SSO_GROUP);
    }

    synchronized void ssoConfigured(String group) {
      values.setProperty(SSO_GROUP, group);
      save();
    }

    synchronized void databaseChosen() {
      values.setProperty(DATABASE_CHOSEN, "true");
      save();
    }

    synchronized boolean applyDatabase() {
      if (Boolean.parseBoolean(values.getProperty(DATABASE_CHOSEN)) && !clusterDatabase()) {
        values.setProperty(DATABASE_IN_USE, "true");
        save();
      }
      return clusterDatabase();
    }

    synchronized boolean clusterDatabase() {
      return Boolean.parseBoolean(values.getProperty(DATABASE_IN_USE));
    }

    private void save() {
      if (file == null) {
        return;
      }
      try {
        Files.createDirectories(file.getParent());
        StringWriter text = new StringWriter();
        values.store(text, "lab vCO server settings (authentication, database)");
        LabState.write(file, text.toString());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the lab server settings " + file, e);
      }
    }
  }

  /** A workflow's own refusal of its inputs: the execution fails with this text. */
  private static final class WorkflowFailure extends RuntimeException {
    WorkflowFailure(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The node's package-signing key and certificate (the configurator's certificate database) and its
   * known certificates. The key is made by {@link Keystores} inside a keystore and never leaves it:
   * the keystore is kept whole on the node's disk (a file of its own, like jssecacerts), the
   * subject, the chain and the known certificates with the rest of the configuration. Wording of
   * every error is the lab's own (*unverified*).
   */
  private static final class PackageSigning {

    private static final String ALIAS = "package-signing";
    private static final char[] STORE_PASS = "dunes-lab".toCharArray();

    /** null: in memory */
    private final Path keystoreFile;
    private byte[] keystore;
    private SubjectName subject;
    private List<X509Certificate> chain = List.of();
    private final Map<String, X509Certificate> known = new LinkedHashMap<>();

    PackageSigning(Path keystoreFile) {
      this.keystoreFile = keystoreFile;
    }

    synchronized void writeTo(ObjectNode json) {
      if (subject != null) {
        ObjectNode signing = json.putObject("packageSigning");
        signing.putObject("subject").put("commonName", subject.commonName()).put("organization", subject.organization())
            .put("organizationalUnit", subject.organizationalUnit()).put("country", subject.country());
        chain.forEach(certificate -> signing.withArray("chain").add(LabCertificates.pem(certificate)));
      }
      ArrayNode knownPems = json.putArray("known");
      known.values().forEach(certificate -> knownPems.add(LabCertificates.pem(certificate)));
    }

    /** The subject and chain only with the keystore they belong to (written first: a keystore alone is no certificate yet). */
    synchronized void readFrom(JsonNode json) {
      json.path("known").forEach(pem -> {
        X509Certificate certificate = certificates(pem.asText()).get(0);
        known.put(Fingerprints.sha256(certificate), certificate);
      });
      JsonNode signing = json.path("packageSigning");
      if (signing.isMissingNode() || keystoreFile == null || !Files.exists(keystoreFile)) {
        return;
      }
      try {
        keystore = Files.readAllBytes(keystoreFile);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the package signing keystore " + keystoreFile, e);
      }
      JsonNode name = signing.path("subject");
      subject = new SubjectName(name.path("commonName").asText(), name.path("organization").textValue(),
          name.path("organizationalUnit").textValue(), name.path("country").textValue());
      StringBuilder pems = new StringBuilder();
      signing.path("chain").forEach(pem -> pems.append(pem.asText()));
      chain = certificates(pems.toString());
    }

    synchronized List<X509Certificate> chain() {
      return chain;
    }

    synchronized List<X509Certificate> known() {
      return List.copyOf(known.values());
    }

    /** Once: the same subject again changes nothing, another one fails. */
    synchronized void create(SubjectName requested) {
      if (subject != null) {
        if (!subject.equals(requested)) {
          throw new WorkflowFailure("A package signing certificate for '" + subject.principal().getName()
              + "' already exists; it cannot be created again for '" + requested.principal().getName() + "'");
        }
        return;
      }
      keystore = Keystores.generatePending(emptyKeystore(), STORE_PASS, ALIAS,
          KeyParameters.rsa(requested, KeyParameters.DEFAULT_RSA_BITS));
      if (keystoreFile != null) {
        try {
          Files.createDirectories(keystoreFile.getParent());
        } catch (IOException e) {
          throw new UncheckedIOException("cannot make the directory of " + keystoreFile, e);
        }
        LabState.write(keystoreFile, keystore);
      }
      chain = List.of(Keystores.entryCertificate(keystore, STORE_PASS, ALIAS));
      subject = requested;
    }

    synchronized String csr() {
      requireCreated();
      return Keystores.csrFor(keystore, STORE_PASS, ALIAS, subject, new SubjectAlternativeNames(List.of(), List.of()));
    }

    synchronized void trust(String pem) {
      List<X509Certificate> certificates = certificates(pem);
      if (certificates.size() != 1) {
        throw new WorkflowFailure("Expected one certificate, found " + certificates.size());
      }
      known.putIfAbsent(Fingerprints.sha256(certificates.get(0)), certificates.get(0));
    }

    /**
     * The chain must be for the package-signing key, and its top must be a known certificate or be
     * issued by one (the field guide: "make sure you've imported the correct root (and any
     * intermediate) cert into vCO").
     */
    synchronized void install(String pem) {
      requireCreated();
      List<X509Certificate> ordered;
      try {
        ordered = CertificateChains.order(certificates(pem));
      } catch (CertificateChainException e) {
        throw new WorkflowFailure("Invalid certificate chain: " + e.getMessage());
      }
      X509Certificate leaf = ordered.get(0);
      if (!leaf.getPublicKey().equals(chain.get(0).getPublicKey())) {
        throw new WorkflowFailure("The certificate '" + leaf.getSubjectX500Principal().getName() + "' (SHA-256 "
            + Fingerprints.sha256(leaf) + ") is not for the package signing key of '"
            + subject.principal().getName() + "': it was issued for another certificate signing request");
      }
      X509Certificate top = ordered.get(ordered.size() - 1);
      if (!trusted(top)) {
        throw new WorkflowFailure("The certificate '" + top.getSubjectX500Principal().getName()
            + "' is not trusted: import the certificate of its issuer '" + top.getIssuerX500Principal().getName()
            + "' as a trusted certificate first");
      }
      chain = ordered;
    }

    private boolean trusted(X509Certificate top) {
      if (known.containsKey(Fingerprints.sha256(top))) {
        return true;
      }
      for (X509Certificate issuer : known.values()) {
        if (issuer.getSubjectX500Principal().equals(top.getIssuerX500Principal())) {
          try {
            top.verify(issuer.getPublicKey());
            return true;
          } catch (GeneralSecurityException e) {
            // another key with the same name: not this one's issuer
          }
        }
      }
      return false;
    }

    private void requireCreated() {
      if (subject == null) {
        throw new WorkflowFailure("There is no package signing certificate: run '" + CREATE_SIGNING_CERTIFICATE.name()
            + "' first");
      }
    }

    private static List<X509Certificate> certificates(String pem) {
      try {
        return CertificateChains.certificates(pem.getBytes(StandardCharsets.US_ASCII));
      } catch (IllegalArgumentException e) {
        throw new WorkflowFailure("Invalid PEM certificate: " + e.getMessage());
      }
    }

    private static byte[] emptyKeystore() {
      try {
        KeyStore store = KeyStore.getInstance("JKS");
        store.load(null, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        store.store(out, STORE_PASS);
        return out.toByteArray();
      } catch (IOException | GeneralSecurityException e) {
        throw new IllegalStateException("cannot make an empty keystore", e);
      }
    }
  }

  private static SubjectName subject(Map<String, Parameter> inputs) {
    try {
      return new SubjectName(text(inputs, "commonName"), optionalText(inputs, "organization"),
          optionalText(inputs, "organizationalUnit"), optionalText(inputs, "country"));
    } catch (IllegalArgumentException e) {
      throw new WorkflowFailure("Invalid certificate subject: " + e.getMessage());
    }
  }

  private static String optionalText(Map<String, Parameter> inputs, String name) {
    Parameter input = inputs.get(name);
    if (input != null && input.value() != null && !input.value().isTextual()) {
      throw new WorkflowFailure("Input parameter '" + name + "' must be a string");
    }
    return input == null || input.value() == null ? null : input.value().asText();
  }

  private static ClusterSettings clusterSettings(Map<String, Parameter> inputs) {
    return new ClusterSettings(required(inputs, "clusterMode").asBoolean(),
        required(inputs, "activeNodes").asInt(),
        Duration.ofMillis(required(inputs, "heartbeatInterval").asLong()),
        required(inputs, "failoverHeartbeats").asInt());
  }

  /** The settings as the Configure cluster inputs name them, and every member as "name=STATE", sorted by name. */
  private Map<String, String> clusterStatus() {
    ClusterSettings settings = database.settings();
    StringJoiner nodes = new StringJoiner(",");
    database.members().forEach((name, state) -> nodes.add(name + "=" + state));
    return Map.of("clusterMode", String.valueOf(settings.clusterMode()),
        "activeNodes", String.valueOf(settings.activeNodes()),
        "heartbeatInterval", String.valueOf(settings.heartbeatInterval().toMillis()),
        "failoverHeartbeats", String.valueOf(settings.failoverHeartbeats()),
        "nodes", nodes.toString());
  }

  private static JsonNode required(Map<String, Parameter> inputs, String name) {
    Parameter input = inputs.get(name);
    if (input == null || input.value() == null) {
      throw new IllegalArgumentException("input '" + name + "' is required");
    }
    return input.value();
  }

  private static String text(Map<String, Parameter> inputs, String name) {
    Parameter input = inputs.get(name);
    if (input == null || input.value() == null || !input.value().isTextual() || input.value().asText().isBlank()) {
      throw new WorkflowFailure("Input parameter '" + name + "' (string) is required");
    }
    return input.value().asText();
  }

  private static void secret(Map<String, Parameter> inputs, String name) {
    Parameter input = inputs.get(name);
    if (input == null || !input.secure()) {
      throw new WorkflowFailure("Input parameter '" + name + "' (SecureString) is required");
    }
  }

  private static String hostOf(String url) {
    try {
      URI uri = new URI(url);
      if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
        throw new WorkflowFailure("Invalid URL '" + url + "': expected https://<host>[:<port>]");
      }
      return uri.getPort() < 0 || uri.getPort() == 443 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    } catch (URISyntaxException e) {
      throw new WorkflowFailure("Invalid URL '" + url + "': " + e.getReason());
    }
  }

  private static Duration sleepTime(Map<String, Parameter> inputs) {
    Parameter input = inputs.get("sleepTime");
    if (input == null || input.value() == null || !input.value().isNumber()) {
      throw new WorkflowFailure("Input parameter 'sleepTime' (number) is required");
    }
    Duration time = Duration.ofMillis(Math.round(input.value().asDouble() * 1000));
    if (time.isNegative() || time.compareTo(LONGEST_SLEEP) > 0) {
      throw new WorkflowFailure("sleepTime must be between 0 and " + LONGEST_SLEEP.toSeconds() + " seconds");
    }
    return time;
  }
}
