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
      .withBean(SecretStore.class, () -> new PropertySecretStore(Map.of(), variable -> null))
      .withBean(javax.sql.DataSource.class, () -> VcoConfigLab.h2("config-" + java.util.UUID.randomUUID()));

  @Test
  void shouldUseDefaultsWhenNothingIsConfigured() {
    context.run(started -> {
      assertThat(started).hasSingleBean(HttpVcoConfigClient.class).hasBean("httpVcoConfigClient");
      assertThat(started.getBean(VcoConfigProperties.class)).isEqualTo(VcoConfigProperties.defaults());
      assertThat(VcoConfigProperties.defaults().responseTimeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(VcoConfigProperties.defaults().workflow("network"))
          .isEqualTo(new WorkflowRef("Configure network settings", "440c9173-0866-4819-b4c9-f5e15004fd4c"));
      assertThat(VcoConfigProperties.defaults().workflow("cluster").configured()).isFalse();
    });
  }

  @Test
  void shouldBindConfiguredSettings() {
    context.withPropertyValues("dunes.appliance.config.connect-timeout=3s",
        "dunes.appliance.config.workflows.create-tables.name=Create database tables",
        "dunes.appliance.config.workflows.create-tables.id=site-create-tables").run(started -> {
          VcoConfigProperties properties = started.getBean(VcoConfigProperties.class);
          assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
          assertThat(properties.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
          assertThat(properties.workflow("create-tables"))
              .isEqualTo(new WorkflowRef("Create database tables", "site-create-tables"));
          assertThat(properties.workflow("sso").id()).isEqualTo("9ff67fbc-411c-47c7-af80-c81b1215b516");
        });
  }
}
