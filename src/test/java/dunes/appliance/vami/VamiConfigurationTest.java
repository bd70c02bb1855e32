package dunes.appliance.vami;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.secrets.PropertySecretStore;
import dunes.secrets.SecretStore;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The client bean and its {@code dunes.appliance.vami.*} timeouts, without a lab. */
class VamiConfigurationTest {

  final ApplicationContextRunner context = new ApplicationContextRunner()
      .withUserConfiguration(VamiConfiguration.class)
      .withBean(SecretStore.class, () -> new PropertySecretStore(Map.of(), variable -> null));

  @Test
  void shouldUseDefaultTimeoutsWhenNoneAreConfigured() {
    context.run(started -> {
      assertThat(started).hasSingleBean(HttpVamiClient.class).hasBean("httpVamiClient");
      assertThat(started.getBean(VamiProperties.class)).isEqualTo(VamiProperties.defaults());
      assertThat(VamiProperties.defaults().responseTimeout()).isEqualTo(Duration.ofSeconds(30));
    });
  }

  @Test
  void shouldBindConfiguredTimeouts() {
    context.withPropertyValues("dunes.appliance.vami.connect-timeout=3s").run(started -> {
          VamiProperties properties = started.getBean(VamiProperties.class);
          assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(properties.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
        });
  }
}
