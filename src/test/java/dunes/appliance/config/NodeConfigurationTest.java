package dunes.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.support.ExampleRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cluster keys: Server Availability for all nodes, for one (authoring), and the read of its status. */
class NodeConfigurationTest {

  final BuildSpec spec = BuildRequestReader.parseTrusted(ExampleRequest.withTicket("CHG-1").toString());

  @Test
  void shouldMakeEveryRequestNodeActiveWithTheConfiguratorsDefaultHeartbeats() {
    NodeConfiguration cluster = NodeConfiguration.of("cluster", spec, spec.firstNode(), VcoConfigLab.SITE);

    assertThat(cluster.workflow()).isEqualTo(new WorkflowRef("Configure cluster", "dunes-lab-configure-cluster"));
    assertThat(cluster.match()).isEqualTo(Match.NEWEST_COMPLETED);
    assertThat(cluster.inputs()).containsExactly(Input.bool("clusterMode", true), Input.number("activeNodes", 2),
        Input.number("heartbeatInterval", 5000), Input.number("failoverHeartbeats", 12));
  }

  @Test
  void shouldTakeTheRequestsHeartbeatsAndOneActiveNodeForTheAuthoringWindow() {
    BuildSpec custom = BuildRequestReader.parseTrusted(ExampleRequest.changed("CHG-1", r -> ExampleRequest.node(r,
        "cluster").put("heartbeatIntervalMs", 2000).put("failoverHeartbeats", 30)));

    NodeConfiguration single = NodeConfiguration.of("clusterSingleActive", custom, custom.firstNode(), VcoConfigLab.SITE);

    assertThat(single.workflow()).isEqualTo(new WorkflowRef("Configure cluster", "dunes-lab-configure-cluster"));
    assertThat(single.match()).isEqualTo(Match.NEWEST_COMPLETED);
    assertThat(single.inputs()).containsExactly(Input.bool("clusterMode", true), Input.number("activeNodes", 1),
        Input.number("heartbeatInterval", 2000), Input.number("failoverHeartbeats", 30));
  }

  @Test
  void shouldReadTheStatusWithoutInputsAtEveryCall() {
    NodeConfiguration status = NodeConfiguration.of("clusterStatus", spec, spec.node("vcvco2"), VcoConfigLab.SITE);

    assertThat(status.workflow()).isEqualTo(new WorkflowRef("Get cluster status", "dunes-lab-cluster-status"));
    assertThat(status.inputs()).isEmpty();
    assertThat(status.match()).isEqualTo(Match.NEVER);
  }

  @Test
  void shouldTakeTheDocumentedWorkflowsByDefaultAndLeaveTheOthersToAnOperator() {
    VcoConfigProperties defaults = VcoConfigProperties.defaults();

    NodeConfiguration sso = NodeConfiguration.of("sso", spec, spec.firstNode(), defaults);
    NodeConfiguration tables = NodeConfiguration.of("createTables", spec, spec.firstNode(), defaults);

    assertThat(sso.workflow()).isEqualTo(new WorkflowRef("Configure SSO", "9ff67fbc-411c-47c7-af80-c81b1215b516"));
    assertThat(sso.automated()).isTrue();
    assertThat(tables.automated()).isFalse();
    assertThat(tables.byHand()).contains("https://vcvco1.lab.local:8283").contains("Create the database tables");
  }
}
