package dunes.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.preflight.EndpointCertificate;
import dunes.preflight.PreflightCheck;
import dunes.preflight.PreflightReport;
import dunes.support.ExampleRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan of the README's example request: what the build's own steps derive, as the operator reads it. */
class PlanBuilderTest {

  private static final String VCENTER = "AB".repeat(32);
  private static final String CA = "CD".repeat(32);
  private static final PreflightReport REPORT = new PreflightReport(
      List.of(new PreflightCheck("certificate.read", "vcenter.url", true, "read")),
      List.of(new EndpointCertificate("vcenter", "https://vcenter.lab.local:8989/sdk", "vCenter",
              "CN=vcenter.lab.local", "CN=Lab CA", Instant.parse("2026-01-01T00:00:00Z"),
              Instant.parse("2027-01-01T00:00:00Z"), List.of("DNS:vcenter.lab.local"), true, VCENTER, null),
          new EndpointCertificate("ca", "https://ca.lab.local:8443/certsrv", "the CA's web enrolment",
              "CN=ca.lab.local", "CN=ca.lab.local", Instant.parse("2026-01-01T00:00:00Z"),
              Instant.parse("2027-01-01T00:00:00Z"), List.of("DNS:ca.lab.local"), true, CA, CA)));

  private static BuildSpec example(boolean shutdownInPlan) {
    return BuildRequestReader.parseTrusted(ExampleRequest.changed("CHG-PLAN", r -> r.putObject("approvals")
        .put("shutdownInPlan", shutdownInPlan)));
  }

  @Test
  void shouldPlanTheVmsTheVAppAndTheLoadBalancerByTheNamesTheStepsUse() {
    BuildPlan plan = PlanBuilder.plan(example(false), REPORT);

    assertThat(plan.vms()).extracting(BuildPlan.Vm::name, BuildPlan.Vm::ip, BuildPlan.Vm::source, BuildPlan.Vm::from)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("vcvco1", "127.0.0.11", "ovf",
                "file:src/test/resources/ovf/vco-appliance.ovf"),
            org.assertj.core.groups.Tuple.tuple("vcvco2", "127.0.0.12", "clone", "vcvco1"));
    assertThat(plan.vapp().name()).isEqualTo("vcvco");
    assertThat(plan.vapp().startOrder()).containsExactly(new BuildPlan.VAppMember(1, "vcvco1", 120),
        new BuildPlan.VAppMember(2, "vcvco2", 120));
    assertThat(plan.vapp().waitingForGuest()).isFalse();
    assertThat(plan.loadBalancer().pools()).extracting(BuildPlan.Pool::name)
        .containsExactly("vcvco-8281", "vcvco-8286", "vcvco-8287");
    assertThat(plan.loadBalancer().virtualServers()).extracting(BuildPlan.VirtualServer::name,
        BuildPlan.VirtualServer::ipAddress, BuildPlan.VirtualServer::persistence)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("vcvco-8281-vip", "127.0.0.10", "SSL_SESSION_ID"),
            org.assertj.core.groups.Tuple.tuple("vcvco-8286-vip", "127.0.0.10", null),
            org.assertj.core.groups.Tuple.tuple("vcvco-8287-vip", "127.0.0.10", null));
    assertThat(plan.loadBalancer().pools().get(0).members())
        .containsExactly("127.0.0.11 (vcvco1, weight 1)", "127.0.0.12 (vcvco2, weight 1)");
    assertThat(plan.database().options()).containsExactly("ALLOW_SNAPSHOT_ISOLATION ON", "READ_COMMITTED_SNAPSHOT ON");
    assertThat(plan.cluster().activeNodes()).isEqualTo(2);
    assertThat(plan.cluster().heartbeatIntervalMs()).isEqualTo(5000);
  }

  @Test
  void shouldPlanBothCertificatesWithTheSubjectAndSansTheCsrsCarry() {
    BuildPlan plan = PlanBuilder.plan(example(false), REPORT);

    assertThat(plan.certificates()).extracting(BuildPlan.Certificate::subject)
        .containsOnly("CN=vcvco.lab.local,OU=Automation,O=Dunes Lab,C=DE");
    assertThat(plan.certificates().get(0).subjectAltNames()).isEmpty(); // vCO's own CSR carries none
    assertThat(plan.certificates().get(1).subjectAltNames()).containsExactly("DNS:vcvco.lab.local",
        "DNS:vcvco1.lab.local", "DNS:vcvco2.lab.local", "IP:127.0.0.10", "IP:127.0.0.11", "IP:127.0.0.12");
    assertThat(plan.certificates()).extracting(BuildPlan.Certificate::template).containsOnly("WebServer");
  }

  @Test
  void shouldShowEveryExistingCertificateAndTheNewNodesFirstContacts() {
    BuildPlan plan = PlanBuilder.plan(example(true), REPORT);

    assertThat(plan.existingEndpoints()).extracting(BuildPlan.ExistingEndpoint::key,
        BuildPlan.ExistingEndpoint::fingerprint, BuildPlan.ExistingEndpoint::pinnedInRequest)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("vcenter", VCENTER, null),
            org.assertj.core.groups.Tuple.tuple("ca", CA, CA));
    assertThat(plan.everyExistingEndpointPinned()).as("vCenter is not pinned").isFalse();
    assertThat(plan.firstContactEndpoints()).extracting(BuildPlan.FirstContactEndpoint::endpoint)
        .containsExactly("ssh://127.0.0.11:2222", "127.0.0.11:8281", "ssh://127.0.0.12:2222", "127.0.0.12:8281",
            "ca-root ca.lab.local:8443");
    assertThat(plan.shutdownInPlan()).isTrue();
    assertThat(PlanBuilder.plan(example(false), REPORT).shutdownInPlan()).isFalse();
  }

  @Test
  void shouldLeaveTheCaRootToThePreflightWhenItReadIt() {
    List<EndpointCertificate> withRoot = new java.util.ArrayList<>(REPORT.certificates());
    withRoot.add(new EndpointCertificate("ca-root", "https://ca.lab.local:8443/certsrv", "the CA's root", "CN=Root",
        "CN=Root", Instant.EPOCH, Instant.EPOCH.plusSeconds(1), List.of(), true, "EF".repeat(32), null));

    BuildPlan plan = PlanBuilder.plan(example(false), new PreflightReport(REPORT.checks(), withRoot));

    assertThat(plan.firstContactEndpoints()).extracting(BuildPlan.FirstContactEndpoint::kind).doesNotContain("ca-root");
    assertThat(plan.existingEndpoints()).extracting(PlanEndpoints::of).contains("ca-root ca.lab.local:8443");
  }

  @Test
  void shouldReadBackTheSamePlanFromItsJson() {
    BuildPlan plan = PlanBuilder.plan(example(true), REPORT);

    assertThat(Plans.parse(Plans.json(plan))).isEqualTo(plan);
    assertThat(Plans.json(plan)).isEqualTo(Plans.json(PlanBuilder.plan(example(true), REPORT)));
  }

  @Test
  void shouldShowTheOperatorEverySectionAsText() {
    java.util.Map<String, String> text = PlanText.variables(PlanBuilder.plan(example(false), REPORT));

    assertThat(text.get("planEndpoints")).contains("SHA-256 " + VCENTER, "not pinned in the request",
        "dialled name matches");
    assertThat(text.get("planFirstContact")).contains("vcvco2  ssh://127.0.0.12:2222  ssh-host-key");
    assertThat(text.get("planShutdown")).contains("an operator decides it");
    assertThat(text.get("planLoadBalancer")).contains("virtual server vcvco-8281-vip: 127.0.0.10:8281 HTTPS,"
        + " persistence SSL_SESSION_ID -> pool vcvco-8281");
  }
}
