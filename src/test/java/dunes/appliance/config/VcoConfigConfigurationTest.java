package dunes.appliance.config;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.secrets.PropertySecretStore;
import dunes.secrets.SecretStore;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The client bean and its {@code dunes.appliance.config.*} settings, without a lab. */
class VcoConfigConfigurationTest {

  final ApplicationContextRunner context = new ApplicationContextRunner()
      .withUserConfiguration(VcoConfigConfiguration.class)
      .withBean(SecretStore.class, () -> new PropertySecretStore(Map.of(), variable -> null));

  @Test
  void shouldUseDefaultsWhenNothingIsConfigured() {
    context.run(started -> {
      assertThat(started).hasSingleBean(HttpVcoConfigClient.class).hasBean("httpVcoConfigClient");
      assertThat(started.getBean(VcoConfigProperties.class)).isEqualTo(VcoConfigProperties.defaults());
      assertThat(VcoConfigProperties.defaults().responseTimeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(VcoConfigProperties.defaults().username()).isEqualTo("vmware");
    });
  }

  @Test
  void shouldBindConfiguredSettings() {
    context.withPropertyValues("dunes.appliance.config.connect-timeout=3s",
        "dunes.appliance.config.username=administrator@vsphere.local").run(started -> {
          VcoConfigProperties properties = started.getBean(VcoConfigProperties.class);
          assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(properties.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
          assertThat(properties.username()).isEqualTo("administrator@vsphere.local");
        });
  }
}
