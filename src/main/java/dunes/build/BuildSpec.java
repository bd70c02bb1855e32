package dunes.build;

import java.util.List;

/**
 * A build request: everything the field procedure needs to build one HA vCO cluster. Credentials
 * appear only as secret reference names ({@code ...Ref}); ports default to the real products'.
 */
public record BuildSpec(
    String ticket,
    String requestedBy,
    Cluster cluster,
    List<Node> nodes,
    Network network,
    VCenter vcenter,
    Ovf ovf,
    Appliance appliance,
    Sso sso,
    Database database,
    CertificateAuthority ca,
    Edge edge,
    Certificate certificate,
    Integer startDelaySeconds,
    Approvals approvals) {

  public BuildSpec {
    nodes = nodes == null ? List.of() : List.copyOf(nodes);
    startDelaySeconds = startDelaySeconds == null ? 120 : startDelaySeconds;
  }

  /** A request that asks for no approval in its plan beyond what the plan always covers. */
  public BuildSpec(String ticket, String requestedBy, Cluster cluster, List<Node> nodes, Network network,
      VCenter vcenter, Ovf ovf, Appliance appliance, Sso sso, Database database, CertificateAuthority ca, Edge edge,
      Certificate certificate, Integer startDelaySeconds) {
    this(ticket, requestedBy, cluster, nodes, network, vcenter, ovf, appliance, sso, database, ca, edge, certificate,
        startDelaySeconds, null);
  }

  /** Whether the plan's approval covers the shutdown of node 1 before cloning ({@code approvals.shutdownInPlan}). */
  public boolean shutdownInPlan() {
    return approvals != null && Boolean.TRUE.equals(approvals.shutdownInPlan());
  }

  /** The node deployed from OVF; the others are its clones. */
  public Node firstNode() {
    return nodes.get(0);
  }

  public Node node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the request has no node named '" + name + "'"));
  }

  /** Nodes 2..N, made by cloning the first. */
  public List<String> cloneNames() {
    return nodes.stream().skip(1).map(Node::name).toList();
  }

  public List<String> nodeNames() {
    return nodes.stream().map(Node::name).toList();
  }

  /**
   * The load-balanced name the certificates carry (the seed's "vcvco"), and the Server Availability
   * heartbeat values ({@code heartbeatIntervalMs}, {@code failoverHeartbeats}; absent: the
   * configurator's defaults, which the seed leaves "unless you have a reason to change them").
   */
  public record Cluster(String name, String fqdn, String virtualIp, Integer heartbeatIntervalMs,
      Integer failoverHeartbeats) {

    public static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 5000;
    public static final int DEFAULT_FAILOVER_HEARTBEATS = 12;

    public Cluster {
      heartbeatIntervalMs = heartbeatIntervalMs == null ? DEFAULT_HEARTBEAT_INTERVAL_MS : heartbeatIntervalMs;
      failoverHeartbeats = failoverHeartbeats == null ? DEFAULT_FAILOVER_HEARTBEATS : failoverHeartbeats;
    }

    /** With the configurator's default heartbeat values. */
    public Cluster(String name, String fqdn, String virtualIp) {
      this(name, fqdn, virtualIp, null, null);
    }
  }

  public record Node(String name, String fqdn, String ip, String netmask, String gateway) {}

  public record Network(String domain, List<String> dns, String timezone) {
    public Network {
      dns = dns == null ? List.of() : List.copyOf(dns);
    }
  }

  public record VCenter(
      String url,
      String username,
      String passwordRef,
      String datacenter,
      String cluster,
      String resourcePool,
      String datastore,
      String network,
      String folder,
      String fingerprint) {}

  /**
   * Where the vCO appliance OVF is: an https URL or a file: URL; and, optionally, a {@code reference}:
   * a vCO appliance already running from that OVF, which the probe asks for its version and
   * workflows before any change (node 1 does not exist yet).
   */
  public record Ovf(String url, Reference reference) {
    public Ovf(String url) {
      this(url, null);
    }
  }

  /**
   * A running vCO appliance deployed from the request's OVF, read only by the probe: its REST API
   * {@code url} ({@code https://host:8281}), its certificate's SHA-256 {@code fingerprint} (absent:
   * an operator confirms it), and a vCO administrator's login (never the configurator's
   * {@code vmware}, which the REST API refuses).
   */
  public record Reference(String url, String fingerprint, String username, String passwordRef) {}

  /**
   * The appliance's own accounts and ports: root (VAMI, SSH) and vmware (configurator); its size
   * ({@code cpus}, {@code memoryMb}: the field guide's "adjust the resources if necessary"; absent
   * keeps the OVF's); {@code plugins} to install on node 1 (configure step 14), by name. The 5480
   * VAMI page has no port here: Dunes sets the appliance's identity with the in-guest commands over SSH.
   *
   * @param configPasswordRef the 8283 configurator's {@code vmware} (an operator's pages only)
   * @param vcoAdminUsername the REST API's login before SSO: the appliance's embedded LDAP
   *     administrator, {@code vcoadmin} by default (group {@code vcoadmins})
   * @param vcoAdminPasswordRef its password's secret
   */
  public record Appliance(
      String rootPasswordRef,
      String configPasswordRef,
      Integer serverPort,
      Integer configPort,
      Integer sshPort,
      Integer cpus,
      Long memoryMb,
      List<String> plugins,
      String vcoAdminUsername,
      String vcoAdminPasswordRef) {
    public Appliance {
      vcoAdminUsername = vcoAdminUsername == null || vcoAdminUsername.isBlank() ? "vcoadmin" : vcoAdminUsername;
      serverPort = serverPort == null ? 8281 : serverPort;
      configPort = configPort == null ? 8283 : configPort;
      sshPort = sshPort == null ? 22 : sshPort;
      plugins = plugins == null ? List.of() : List.copyOf(plugins);
    }
  }

  /**
   * @param username the SSO administrator "Configure SSO" registers with
   * @param vcoAdminUsername the REST API's login once SSO is configured: an SSO user of
   *     {@code adminGroup}; absent, the SSO administrator ({@code username}), who must then be a member
   * @param vcoAdminPasswordRef its password's secret; absent, {@code passwordRef}
   */
  public record Sso(
      String host, Integer port, String adminGroup, String username, String passwordRef, String fingerprint,
      String vcoAdminUsername, String vcoAdminPasswordRef) {
    public Sso {
      port = port == null ? 7444 : port;
    }

    /** The REST login after SSO: the configured vCO admin, else the SSO administrator. */
    public String restUsername() {
      return vcoAdminUsername == null || vcoAdminUsername.isBlank() ? username : vcoAdminUsername;
    }

    public String restPasswordRef() {
      return vcoAdminUsername == null || vcoAdminUsername.isBlank() ? passwordRef : vcoAdminPasswordRef;
    }
  }

  /**
   * The vCO database's SQL Server; {@code fingerprint} pins its TLS certificate (SQL Server's own is
   * self-signed by default), absent: it must chain to the JVM's trust store and name the host.
   */
  public record Database(
      String host, Integer port, String instance, String name, String username, String passwordRef,
      String fingerprint) {
    public Database {
      port = port == null ? 1433 : port;
    }

    public Database(String host, Integer port, String instance, String name, String username, String passwordRef) {
      this(host, port, instance, name, username, passwordRef, null);
    }
  }

  /**
   * The Microsoft CA's web enrolment; {@code allowPlainHttp} lets {@code url} be http (AD CS's
   * default), used only once a person accepted it for the build. {@code authentication} is how
   * Dunes logs in: {@code negotiate} (Kerberos, the default), {@code ntlm} or {@code basic}. A
   * default AD CS offers Negotiate and NTLM, not Basic; of those two, Kerberos is the one whose
   * login cannot be relayed to the CA by a man in the middle (NTLM relay to certsrv is "ESC8"), so
   * NTLM and Basic are used only when the request names them. {@code rootFingerprint} pins the CA's
   * root certificate (SHA-256): every chain the CA hands back must end in it, and it is the root vCO
   * learns; absent, a person confirms the root the CA presents before anything is submitted.
   */
  public record CertificateAuthority(
      String url, String template, String username, String passwordRef, String fingerprint,
      Boolean allowPlainHttp, String authentication, String rootFingerprint) {

    public static final String DEFAULT_AUTHENTICATION = "negotiate";

    public CertificateAuthority {
      template = template == null ? "WebServer" : template;
      allowPlainHttp = allowPlainHttp != null && allowPlainHttp;
      authentication = authentication == null ? DEFAULT_AUTHENTICATION : authentication;
    }
  }

  public record Edge(
      String managerUrl,
      String edgeId,
      Integer interfaceIndex,
      String username,
      String passwordRef,
      String fingerprint) {}

  /** Subject fields of the certificates besides the CN (the seed's organization, ou, country). */
  public record Certificate(String organization, String organizationalUnit, String country) {}

  /**
   * What the plan's approval covers besides every change and certificate it shows.
   *
   * @param shutdownInPlan the plan states the guest shutdown of node 1 before cloning, and its approval
   *     is the operator's decision: no separate task "Shut down node 1 for cloning" (unless the guest
   *     shutdown cannot happen, when the task asks the operator after all)
   */
  public record Approvals(Boolean shutdownInPlan) {}
}
