package dunes.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The plan as the approval form shows it: one readable text per section, by the variable name the
 * form's fields read (forms/approve-plan.form). For display only: what an approval pins comes from
 * Dunes's tables, never from these variables.
 */
public final class PlanText {

  private PlanText() {}

  public static Map<String, String> variables(BuildPlan plan) {
    Map<String, String> text = new LinkedHashMap<>();
    text.put("planVms", plan.vms().stream().map(vm -> vm.name() + "  " + vm.fqdn() + "  " + vm.ip() + "  "
        + (PlanBuilder.OVF.equals(vm.source()) ? "deployed from OVF " + vm.from() : "cloned from " + vm.from())
        + "  (folder " + vm.folder() + ")").collect(Collectors.joining("\n")));
    BuildPlan.VApp vapp = plan.vapp();
    text.put("planVApp", "vApp " + vapp.name() + ", start order:\n" + vapp.startOrder().stream()
        .map(m -> "  " + m.order() + ". " + m.vm() + ", then " + m.startDelaySeconds() + " s before the next")
        .collect(Collectors.joining("\n")) + "\nstart action " + vapp.startAction() + ", stop action "
        + vapp.stopAction() + ", waiting for the guest " + vapp.waitingForGuest());
    BuildPlan.Database db = plan.database();
    text.put("planDatabase", "SQL Server " + db.host() + ":" + db.port() + (db.instance() == null ? ""
        : " instance " + db.instance()) + ", database " + db.name() + "\nset: " + String.join(", ", db.options()));
    text.put("planCertificates", plan.certificates().stream().map(c -> c.purpose() + "\n  subject " + c.subject()
        + "\n  SANs " + (c.subjectAltNames().isEmpty() ? "(none)" : String.join(", ", c.subjectAltNames()))
        + "\n  template " + c.template() + " at " + c.ca()).collect(Collectors.joining("\n")));
    BuildPlan.LoadBalancer lb = plan.loadBalancer();
    text.put("planLoadBalancer", "edge " + lb.edgeId() + ", interface " + lb.interfaceIndex() + ": virtual IP "
        + lb.virtualIp() + "\n" + lb.pools().stream().map(p -> "pool " + p.name() + ": " + p.protocol() + " "
        + p.port() + ", " + p.algorithm() + ", health check " + p.healthCheck() + ", members "
        + String.join(", ", p.members())).collect(Collectors.joining("\n")) + "\n" + lb.virtualServers().stream()
        .map(v -> "virtual server " + v.name() + ": " + v.ipAddress() + ":" + v.port() + " " + v.protocol()
            + (v.persistence() == null ? "" : ", persistence " + v.persistence()) + " -> pool " + v.pool())
        .collect(Collectors.joining("\n")));
    BuildPlan.Cluster c = plan.cluster();
    text.put("planCluster", "cluster " + c.name() + " (" + c.fqdn() + ", " + c.virtualIp() + "): cluster mode on every"
        + " node, active nodes " + c.activeNodes() + ", heartbeat interval " + c.heartbeatIntervalMs()
        + " ms, failover after " + c.failoverHeartbeats() + " missed heartbeats");
    text.put("planEndpoints", plan.existingEndpoints().stream().map(e -> e.key() + "  " + e.url() + "  (" + e.purpose()
        + ")\n  subject " + e.subject() + "\n  issuer " + e.issuer() + "\n  valid " + e.notBefore() + " to "
        + e.notAfter() + "\n  dialled name " + (e.nameMatches() ? "matches" : "DOES NOT MATCH") + " the certificate"
        + "\n  SHA-256 " + e.fingerprint() + "\n  " + (e.pinnedInRequest() == null ? "not pinned in the request"
            : "pinned in the request")).collect(Collectors.joining("\n")));
    text.put("planFirstContact", plan.firstContactEndpoints().stream().map(e -> (e.node() == null ? "" : e.node() + "  ")
        + e.url() + "  " + e.kind() + ": " + e.purpose()).collect(Collectors.joining("\n")));
    text.put("planShutdown", plan.shutdownInPlan()
        ? "Approved with this plan: Dunes shuts node 1's guest down before cloning (no separate task, unless the"
            + " guest cannot shut down)"
        : "Not part of this plan: an operator decides it in the task \"Shut down node 1 for cloning\"");
    return text;
  }
}
