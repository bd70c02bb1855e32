package dunes.plan;

import dunes.build.BuildNodes;
import dunes.build.BuildSpec;
import dunes.database.SnapshotIsolation;
import dunes.edge.LoadBalancedPort;
import dunes.edge.LoadBalancedPorts;
import dunes.pki.keys.SubjectAlternativeNames;
import dunes.pki.steps.ClientCertificates;
import dunes.preflight.EndpointCertificate;
import dunes.preflight.PreflightReport;
import dunes.vsphere.VAppHelper;
import dunes.vsphere.steps.EnsureVAppStep;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The plan of a request, as a pure function of the request and its preflight report. Every value
 * comes from the code the build's steps use (names, SANs, pools, the vApp), so the plan shows what
 * the steps will do, not a second derivation of it.
 */
public final class PlanBuilder {

  static final String OVF = "ovf";
  static final String CLONE = "clone";
  static final String SSH_HOST_KEY = "ssh-host-key";
  static final String TLS_CERTIFICATE = "tls-certificate";

  private PlanBuilder() {}

  public static BuildPlan plan(BuildSpec spec, PreflightReport report) {
    return new BuildPlan(spec.ticket(), vms(spec), vapp(spec), database(spec), certificates(spec),
        loadBalancer(spec), cluster(spec), report.certificates().stream().map(PlanBuilder::existing).toList(),
        firstContact(spec, report), spec.shutdownInPlan());
  }

  private static List<BuildPlan.Vm> vms(BuildSpec spec) {
    String first = spec.firstNode().name();
    return spec.nodes().stream().map(node -> node.name().equals(first)
        ? new BuildPlan.Vm(node.name(), node.fqdn(), node.ip(), OVF, spec.ovf().url(), spec.vcenter().folder())
        : new BuildPlan.Vm(node.name(), node.fqdn(), node.ip(), CLONE, first, spec.vcenter().folder())).toList();
  }

  /** The order {@link VAppHelper#setStartOrder} gives: request order from 1, the request's delay each. */
  private static BuildPlan.VApp vapp(BuildSpec spec) {
    List<String> names = spec.nodeNames();
    return new BuildPlan.VApp(EnsureVAppStep.vappName(spec), IntStream.range(0, names.size())
        .mapToObj(i -> new BuildPlan.VAppMember(i + 1, names.get(i), spec.startDelaySeconds())).toList(),
        VAppHelper.WAITING_FOR_GUEST, VAppHelper.START_ACTION, VAppHelper.STOP_ACTION);
  }

  private static BuildPlan.Database database(BuildSpec spec) {
    BuildSpec.Database db = spec.database();
    return new BuildPlan.Database(db.host(), db.port(), db.instance(), db.name(),
        List.of(SnapshotIsolation.ALLOW_SNAPSHOT_ISOLATION_ON, SnapshotIsolation.READ_COMMITTED_SNAPSHOT_ON));
  }

  /** Both carry the subject the steps make; only the client certificate has SANs (vCO's CSR has none). */
  private static List<BuildPlan.Certificate> certificates(BuildSpec spec) {
    String subject = ClientCertificates.subject(spec).principal().getName();
    SubjectAlternativeNames names = ClientCertificates.names(spec);
    List<String> sans = Stream.concat(names.dnsNames().stream().map(n -> "DNS:" + n),
        names.ipAddresses().stream().map(ip -> "IP:" + ip)).toList();
    return List.of(
        new BuildPlan.Certificate("package signing: vCO's own certificate on node 1, self-signed by vCO, then signed"
            + " by the CA and imported with the CA's chain as known certificates", subject, List.of(),
            spec.ca().template(), spec.ca().url()),
        new BuildPlan.Certificate("client SSL certificate every node serves on " + spec.appliance().serverPort()
            + " (keystore alias dunes; clones copy it from node 1)", subject, sans, spec.ca().template(),
            spec.ca().url()));
  }

  private static BuildPlan.LoadBalancer loadBalancer(BuildSpec spec) {
    String cluster = spec.cluster().name();
    List<String> members = spec.nodes().stream().map(n -> n.ip() + " (" + n.name() + ", weight 1)").toList();
    List<BuildPlan.Pool> pools = new ArrayList<>();
    List<BuildPlan.VirtualServer> servers = new ArrayList<>();
    for (LoadBalancedPort port : LoadBalancedPorts.of(spec)) {
      pools.add(new BuildPlan.Pool(port.poolName(cluster), port.port(), port.protocol(), LoadBalancedPorts.ALGORITHM,
          port.healthCheckMode(), members));
      servers.add(new BuildPlan.VirtualServer(port.virtualServerName(cluster), spec.cluster().virtualIp(), port.port(),
          port.protocol(), port.persistence(), port.poolName(cluster)));
    }
    return new BuildPlan.LoadBalancer(spec.edge().edgeId(), spec.edge().interfaceIndex(), spec.cluster().virtualIp(),
        pools, servers);
  }

  /** Server Availability as the cluster stage sets it: every node active. */
  private static BuildPlan.Cluster cluster(BuildSpec spec) {
    BuildSpec.Cluster c = spec.cluster();
    return new BuildPlan.Cluster(c.name(), c.fqdn(), c.virtualIp(), spec.nodes().size(), c.heartbeatIntervalMs(),
        c.failoverHeartbeats());
  }

  static BuildPlan.ExistingEndpoint existing(EndpointCertificate c) {
    return new BuildPlan.ExistingEndpoint(c.key(), c.url(), c.purpose(), c.subject(), c.issuer(),
        c.notBefore() == null ? null : c.notBefore().toString(), c.notAfter() == null ? null : c.notAfter().toString(),
        c.subjectAltNames() == null ? List.of() : c.subjectAltNames(), c.nameMatches(), c.fingerprint(),
        c.pinned() == null || c.pinned().isBlank() ? null : c.pinned());
  }

  /**
   * Each node's SSH server and vCO server, at the addresses DeployFirstNode and ConfigureNode dial;
   * the CA's root when the preflight did not read it and the CA is reached over TLS (over plain HTTP
   * nothing authenticates what the CA hands out, so an operator confirms the root as before).
   */
  private static List<BuildPlan.FirstContactEndpoint> firstContact(BuildSpec spec, PreflightReport report) {
    List<BuildPlan.FirstContactEndpoint> endpoints = new ArrayList<>();
    for (BuildSpec.Node node : spec.nodes()) {
      String ssh = BuildNodes.sshUrl(spec, node.name());
      String server = BuildNodes.serverUrl(spec, node.name());
      endpoints.add(new BuildPlan.FirstContactEndpoint(node.name(), ssh, PlanEndpoints.of(ssh), SSH_HOST_KEY,
          "the node's SSH server, root (identity, service restart, keystore)"));
      endpoints.add(new BuildPlan.FirstContactEndpoint(node.name(), server, PlanEndpoints.of(server), TLS_CERTIFICATE,
          "the node's vCO server (configuration API) until the CA-signed certificate replaces it"));
    }
    boolean rootRead = report.certificates().stream().anyMatch(c -> PlanEndpoints.CA_ROOT_KEY.equals(c.key()));
    if (!rootRead && spec.ca().url().regionMatches(true, 0, "https:", 0, 6)) {
      endpoints.add(new BuildPlan.FirstContactEndpoint(null, spec.ca().url(), PlanEndpoints.caRoot(spec.ca().url()),
          PlanEndpoints.CA_ROOT_KEY, "the CA's root certificate, as the CA's certificate page hands it out over the"
              + " connection pinned above: every certificate the CA issues must chain to it"));
    }
    return endpoints;
  }
}
