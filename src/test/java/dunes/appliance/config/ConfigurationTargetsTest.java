package dunes.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.build.BuildRequestReader;
import dunes.build.BuildSpec;
import dunes.support.ExampleRequest;
import org.junit.jupiter.api.Test;

/** The key of a node's configuration runs: its build's and its own, so a rebuild starts from nothing. */
class ConfigurationTargetsTest {

  @Test
  void shouldKeyANodesRunsByItsBuildSoANewBuildOfTheSameNodeRunsAgain() {
    BuildSpec first = BuildRequestReader.parseTrusted(ExampleRequest.withTicket("CHG-1").toString());
    BuildSpec rebuild = BuildRequestReader.parseTrusted(ExampleRequest.withTicket("CHG-2").toString());
    BuildSpec.Node node = first.firstNode();

    VcoConfigPort.Target once = ConfigurationTargets.of(first, node, "AB".repeat(32));
    VcoConfigPort.Target again = ConfigurationTargets.of(first, node, "CD".repeat(32));
    VcoConfigPort.Target rebuilt = ConfigurationTargets.of(rebuild, rebuild.firstNode(), "AB".repeat(32));

    assertThat(again.node()).as("the same build's node, whatever it serves").isEqualTo(once.node());
    assertThat(rebuilt.node()).as("the same name in another build").isNotEqualTo(once.node());
    assertThat(once.node()).isEqualTo("CHG-1/" + node.fqdn());
  }
}
