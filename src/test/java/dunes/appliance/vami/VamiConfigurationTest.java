package dunes.appliance.vami;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.appliance.shell.NodeShellProperties;
import dunes.appliance.shell.NodeShellPort;
import dunes.appliance.shell.SshNodeShell;
import dunes.secrets.PropertySecretStore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The identity client bean and its {@code dunes.appliance.vami.*} settings, without a lab. */
class VamiConfigurationTest {

  final ApplicationContextRunner context = new ApplicationContextRunner()
      .withUserConfiguration(VamiConfiguration.class)
      .withBean(NodeShellPort.class, () -> new SshNodeShell(NodeShellProperties.defaults(),
          new PropertySecretStore(Map.of(), variable -> null), null), bean -> bean.setDestroyMethodName("close"));

  @Test
  void shouldUseTheAppliancesDirectoryAndEth0WhenNothingIsConfigured() {
    context.run(started -> {
      assertThat(started).hasSingleBean(ApplianceIdentityPort.class).hasBean("shellApplianceIdentity");
      assertThat(started.getBean(VamiProperties.class)).isEqualTo(new VamiProperties("/opt/vmware/share/vami", "eth0"));
    });
  }

  @Test
  void shouldBindAnotherInterface() {
    context.withPropertyValues("dunes.appliance.vami.network-interface=eth1").run(started ->
        assertThat(started.getBean(VamiProperties.class).networkInterface()).isEqualTo("eth1"));
  }

  @Test
  void shouldRefuseAnInterfaceThatIsNotOneWord() {
    assertThatThrownBy(() -> new VamiProperties(null, "eth0; reboot")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VamiProperties("opt/vami", null)).hasMessageContaining("absolute");
  }
}
