package dunes.plan;

import java.util.List;

/**
 * What a build will create and change, and every certificate it will trust: what the operator
 * approves in Task_ApprovePlan and what the dry run returns. Made by {@link PlanBuilder} from the
 * request and its preflight report, so the same request and site give the same plan.
 *
 * @param shutdownInPlan the approval covers the guest shutdown of node 1 before cloning
 *     ({@code approvals.shutdownInPlan}); otherwise an operator decides it when cloning starts
 */
public record BuildPlan(String ticket, List<Vm> vms, VApp vapp, Database database, List<Certificate> certificates,
    LoadBalancer loadBalancer, Cluster cluster, List<ExistingEndpoint> existingEndpoints,
    List<FirstContactEndpoint> firstContactEndpoints, boolean shutdownInPlan) {

  public BuildPlan {
    vms = List.copyOf(vms);
    certificates = List.copyOf(certificates);
    existingEndpoints = List.copyOf(existingEndpoints);
    firstContactEndpoints = List.copyOf(firstContactEndpoints);
  }

  /** Whether the request pins every existing endpoint's certificate, and each presented exactly that. */
  public boolean everyExistingEndpointPinned() {
    return existingEndpoints.stream().allMatch(ExistingEndpoint::pinnedAndMatching);
  }

  /**
   * A VM the build creates in {@code folder}.
   *
   * @param source {@code ovf} (node 1, deployed from {@code from}) or {@code clone} (of node {@code from})
   */
  public record Vm(String name, String fqdn, String ip, String source, String from, String folder) {}

  /** The vApp holding the nodes, started in this order with this delay between them. */
  public record VApp(String name, List<VAppMember> startOrder, boolean waitingForGuest, String startAction,
      String stopAction) {
    public VApp {
      startOrder = List.copyOf(startOrder);
    }
  }

  public record VAppMember(int order, String vm, int startDelaySeconds) {}

  /** The vCO database and the options the build turns on (verified by query). */
  public record Database(String host, int port, String instance, String name, List<String> options) {
    public Database {
      options = List.copyOf(options);
    }
  }

  /** A certificate the build has the CA issue for it. */
  public record Certificate(String purpose, String subject, List<String> subjectAltNames, String template,
      String ca) {
    public Certificate {
      subjectAltNames = List.copyOf(subjectAltNames);
    }
  }

  /** What the edge gets: the virtual IP on an interface, one pool and one virtual server per port. */
  public record LoadBalancer(String edgeId, int interfaceIndex, String virtualIp, List<Pool> pools,
      List<VirtualServer> virtualServers) {
    public LoadBalancer {
      pools = List.copyOf(pools);
      virtualServers = List.copyOf(virtualServers);
    }
  }

  public record Pool(String name, int port, String protocol, String algorithm, String healthCheck,
      List<String> members) {
    public Pool {
      members = List.copyOf(members);
    }
  }

  /** @param persistence SSL_SESSION_ID, or null for none */
  public record VirtualServer(String name, String ipAddress, int port, String protocol, String persistence,
      String pool) {}

  /** vCO's Server Availability on every node. */
  public record Cluster(String name, String fqdn, String virtualIp, int activeNodes, int heartbeatIntervalMs,
      int failoverHeartbeats) {}

  /**
   * An endpoint that exists before the build, with the certificate it presented at preflight: the
   * approval pins exactly this fingerprint.
   *
   * @param nameMatches whether the dialled host name is among the certificate's names
   * @param pinnedInRequest the request's own pin of it, or null
   */
  public record ExistingEndpoint(String key, String url, String purpose, String subject, String issuer,
      String notBefore, String notAfter, List<String> subjectAltNames, boolean nameMatches, String fingerprint,
      String pinnedInRequest) {
    public ExistingEndpoint {
      subjectAltNames = List.copyOf(subjectAltNames);
    }

    boolean pinnedAndMatching() {
      return pinnedInRequest != null && !pinnedInRequest.isBlank()
          && dunes.pki.Fingerprints.normalize(pinnedInRequest).equals(fingerprint);
    }
  }

  /**
   * An endpoint whose certificate or key Dunes cannot read before the build: an appliance this
   * build creates (its SSH host key and certificate exist only from the node's first boot), or the
   * CA's root when the preflight did not read it (it is read over the CA connection this approval
   * pins). The approval trusts what it presents at first contact at {@code url}, the address the
   * build gives it, and from then on only that.
   *
   * @param node the node it belongs to, or null (the CA's root)
   * @param endpoint what the pin is recorded under ({@link PlanEndpoints})
   * @param kind {@code ssh-host-key}, {@code tls-certificate} or {@code ca-root}
   */
  public record FirstContactEndpoint(String node, String url, String endpoint, String kind, String purpose) {}
}
