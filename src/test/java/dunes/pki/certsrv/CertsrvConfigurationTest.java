package dunes.pki.certsrv;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.secrets.PropertySecretStore;
import dunes.secrets.SecretStore;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The client bean and its {@code dunes.pki.certsrv.*} settings, without a lab. */
class CertsrvConfigurationTest {

  final ApplicationContextRunner context = new ApplicationContextRunner()
      .withUserConfiguration(CertsrvConfiguration.class)
      .withBean(SecretStore.class, () -> new PropertySecretStore(Map.of(), variable -> null));

  @Test
  void shouldUseDefaultsWhenNothingIsConfigured() {
    context.run(started -> {
      assertThat(started).hasSingleBean(CertsrvPort.class).hasBean("httpCertsrvClient");
      assertThat(started.getBean(CertsrvProperties.class)).isEqualTo(CertsrvProperties.defaults());
      assertThat(CertsrvProperties.defaults().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(CertsrvProperties.defaults().responseTimeout()).isEqualTo(Duration.ofSeconds(30));
    });
  }

  @Test
  void shouldBindConfiguredTimeouts() {
    context.withPropertyValues("dunes.pki.certsrv.connect-timeout=3s", "dunes.pki.certsrv.response-timeout=PT2M")
        .run(started -> assertThat(started.getBean(CertsrvProperties.class))
            .isEqualTo(new CertsrvProperties(Duration.ofSeconds(3), Duration.ofMinutes(2))));
  }
}
