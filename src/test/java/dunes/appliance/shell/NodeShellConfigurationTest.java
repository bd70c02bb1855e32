package dunes.appliance.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.secrets.PropertySecretStore;
import dunes.secrets.SecretStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

/** The shell bean and its {@code dunes.appliance.shell.*} settings, without a lab. */
class NodeShellConfigurationTest {

  final ApplicationContextRunner context = new ApplicationContextRunner()
      .withUserConfiguration(NodeShellConfiguration.class)
      .withBean(SecretStore.class, () -> new PropertySecretStore(Map.of(), variable -> null));

  @Test
  void shouldUseDefaultsWhenNothingIsConfigured() {
    context.run(started -> {
      assertThat(started).hasSingleBean(SshNodeShell.class).hasBean("sshNodeShell");
      assertThat(started.getBean(NodeShellProperties.class)).isEqualTo(NodeShellProperties.defaults());
      assertThat(NodeShellProperties.defaults().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(NodeShellProperties.defaults().maxOutput()).isEqualTo(DataSize.ofKilobytes(64));
    });
  }

  @Test
  void shouldBindConfiguredSettings() {
    context.withPropertyValues("dunes.appliance.shell.command-timeout=90s", "dunes.appliance.shell.max-file=2MB")
        .run(started -> {
          NodeShellProperties properties = started.getBean(NodeShellProperties.class);
          assertThat(properties.commandTimeout()).isEqualTo(Duration.ofSeconds(90));
          assertThat(properties.maxFile()).isEqualTo(DataSize.ofMegabytes(2));
          assertThat(properties.authTimeout()).isEqualTo(Duration.ofSeconds(30));
        });
  }

  @Test
  void shouldStopTheSshClientWithTheContext() {
    AtomicReference<SshNodeShell> shell = new AtomicReference<>();

    context.run(started -> {
      shell.set(started.getBean(SshNodeShell.class));
      assertThat(shell.get().isRunning()).isTrue();
    });

    assertThat(shell.get().isRunning()).isFalse();
  }
}
