package dunes.lab.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dunes.lab.node.ConfigurationWorkflows.Outcome;
import dunes.lab.node.ConfigurationWorkflows.Parameter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the lab's configuration workflows do to a node, without a server. */
class ConfigurationWorkflowsTest {

  final ConfigurationWorkflows workflows = new ConfigurationWorkflows(new LabVcoDatabase());

  @Test
  void shouldTrustTheHostOfEachImportedUrlOnce() {
    workflows.run(ConfigurationWorkflows.IMPORT_CERTIFICATE, Map.of("url", string("url", "https://sso.lab.local:7444/")));
    workflows.run(ConfigurationWorkflows.IMPORT_CERTIFICATE, Map.of("url", string("url", "https://vcenter.lab.local")));
    workflows.run(ConfigurationWorkflows.IMPORT_CERTIFICATE, Map.of("url", string("url", "https://vcenter.lab.local:443")));

    assertThat(workflows.trustedHosts()).containsExactly("sso.lab.local:7444", "vcenter.lab.local");
  }

  @Test
  void shouldRecordPluginsAndTables() {
    assertThat(workflows.tablesCreated()).isFalse();

    workflows.run(ConfigurationWorkflows.INSTALL_PLUGIN, Map.of("pluginName", string("pluginName", "vCAC")));
    workflows.run(ConfigurationWorkflows.CREATE_TABLES, Map.of());

    assertThat(workflows.plugins()).containsExactly("vCAC");
    assertThat(workflows.tablesCreated()).isTrue();
  }

  @Test
  void shouldFailALicenceWithoutItsPassword() {
    Outcome outcome = workflows.run(ConfigurationWorkflows.CONFIGURE_LICENCE, Map.of(
        "vcenterHost", string("vcenterHost", "vcenter.lab.local"), "vcenterUser", string("vcenterUser", "admin")));

    assertThat(outcome.error()).isEqualTo("Input parameter 'vcenterPassword' (SecureString) is required");
  }

  @Test
  void shouldSucceedWithALicencesSecretPresent() {
    Outcome outcome = workflows.run(ConfigurationWorkflows.CONFIGURE_LICENCE, Map.of(
        "vcenterHost", string("vcenterHost", "vcenter.lab.local"), "vcenterUser", string("vcenterUser", "admin"),
        "vcenterPassword", new Parameter("vcenterPassword", "SecureString", null)));

    assertThat(outcome).isEqualTo(Outcome.DONE);
  }

  @Test
  void shouldSleepForTheGivenSecondsWithinAnHour() {
    Outcome nap = workflows.run(ConfigurationWorkflows.SLEEP,
        Map.of("sleepTime", new Parameter("sleepTime", "number", JsonNodeFactory.instance.numberNode(1.5))));
    Outcome tooLong = workflows.run(ConfigurationWorkflows.SLEEP,
        Map.of("sleepTime", new Parameter("sleepTime", "number", JsonNodeFactory.instance.numberNode(7200))));

    assertThat(nap.runTime()).isEqualTo(Duration.ofMillis(1500));
    assertThat(nap.error()).isNull();
    assertThat(tooLong.error()).isEqualTo("sleepTime must be between 0 and 3600 seconds");
  }

  private static Parameter string(String name, String value) {
    return new Parameter(name, "string", JsonNodeFactory.instance.textNode(value));
  }
}
