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
    NodeConfiguration cluster = NodeConfiguration.of("cluster", spec, spec.firstNode());

    assertThat(cluster.workflow()).isEqualTo("Configure cluster");
    assertThat(cluster.match()).isEqualTo(Match.NEWEST_COMPLETED);
    assertThat(cluster.inputs()).containsExactly(Input.bool("clusterMode", true), Input.number("activeNodes", 2),
        Input.number("heartbeatInterval", 5000), Input.number("failoverHeartbeats", 12));
  }

  @Test
  void shouldTakeTheRequestsHeartbeatsAndOneActiveNodeForTheAuthoringWindow() {
    BuildSpec custom = BuildRequestReader.parseTrusted(ExampleRequest.changed("CHG-1", r -> ExampleRequest.node(r,
        "cluster").put("heartbeatIntervalMs", 2000).put("failoverHeartbeats", 30)));

    NodeConfiguration single = NodeConfiguration.of("clusterSingleActive", custom, custom.firstNode());

    assertThat(single.workflow()).isEqualTo("Configure cluster");
    assertThat(single.match()).isEqualTo(Match.NEWEST_COMPLETED);
    assertThat(single.inputs()).containsExactly(Input.bool("clusterMode", true), Input.number("activeNodes", 1),
        Input.number("heartbeatInterval", 2000), Input.number("failoverHeartbeats", 30));
  }

  @Test
  void shouldReadTheStatusWithoutInputsAtEveryCall() {
    NodeConfiguration status = NodeConfiguration.of("clusterStatus", spec, spec.node("vcvco2"));

    assertThat(status).isEqualTo(new NodeConfiguration("Get cluster status", List.of(), Match.NEVER));
  }
}
