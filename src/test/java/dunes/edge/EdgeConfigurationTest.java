package dunes.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.secrets.PropertySecretStore;
import dunes.secrets.SecretStore;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The client bean and its {@code dunes.edge.*} settings, without a lab. */
class EdgeConfigurationTest {

  final ApplicationContextRunner context = new ApplicationContextRunner()
      .withUserConfiguration(EdgeConfiguration.class)
      .withBean(SecretStore.class, () -> new PropertySecretStore(Map.of(), variable -> null));

  @Test
  void shouldUseDefaultsWhenNothingIsConfigured() {
    context.run(started -> {
      assertThat(started).hasSingleBean(EdgePort.class).hasBean("httpEdgeClient");
      assertThat(started.getBean(EdgeProperties.class)).isEqualTo(EdgeProperties.defaults());
      assertThat(EdgeProperties.defaults().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(EdgeProperties.defaults().responseTimeout()).isEqualTo(Duration.ofSeconds(60));
    });
  }

  @Test
  void shouldBindConfiguredTimeouts() {
    context.withPropertyValues("dunes.edge.connect-timeout=3s", "dunes.edge.response-timeout=2m").run(started -> {
      EdgeProperties properties = started.getBean(EdgeProperties.class);
      assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
      assertThat(properties.responseTimeout()).isEqualTo(Duration.ofMinutes(2));
    });
  }
}
