package dunes.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The configured bindings are checked at startup: a wrong one stops it, an unbound secret is said. */
@ExtendWith(OutputCaptureExtension.class)
class SecretStoreConfigurationTest {

  private final ApplicationContextRunner context = new ApplicationContextRunner()
      .withUserConfiguration(SecretStoreConfiguration.class)
      .withPropertyValues("dunes.secrets.values.vcenter-admin=Startup-Value-7", "dunes.secrets.values.ca-enroll=x");

  @Test
  void shouldBindTheConfiguredHostsAndPurposes() {
    context.withPropertyValues("dunes.secrets.bindings.vcenter-admin.purposes=vcenter",
        "dunes.secrets.bindings.vcenter-admin.hosts=vcenter.corp.example:443, 10.1.2.3",
        "dunes.secrets.bindings.vcenter-admin.build-nodes=true").run(started -> {
          SecretStore secrets = started.getBean(SecretStore.class);
          SecretRef ref = new SecretRef("vcenter-admin");
          assertThat(secrets.refusal(ref, Destination.to(Purpose.VCENTER, "10.1.2.3", 443))).isEmpty();
          assertThat(secrets.refusal(ref, Destination.to(Purpose.VCENTER, "vcenter.corp.example", 443)
              .through("10.9.9.11", 8281))).isEmpty();
          assertThat(secrets.refusal(ref, Destination.to(Purpose.VCENTER, "vcenter.corp.example", 80))).isPresent();
        });
  }

  @Test
  void shouldStopTheStartAtAWrongBindingNamingItsKey() {
    context.withPropertyValues("dunes.secrets.bindings.vcenter-admin.purposes=vcentre",
        "dunes.secrets.bindings.vcenter-admin.hosts=vcenter.corp.example").run(failed ->
        assertThat(failed).getFailure().rootCause()
            .hasMessageContaining("dunes.secrets.bindings.vcenter-admin.purposes: unknown purpose 'vcentre'"));
  }

  @Test
  void shouldRefuseHostPatternsUnlessTheProfileAllowsThem() {
    context.withPropertyValues("dunes.secrets.bindings.vcenter-admin.purposes=vcenter",
        "dunes.secrets.bindings.vcenter-admin.hosts=*.corp.example").run(failed ->
        assertThat(failed).getFailure().rootCause().hasMessageContaining("is a pattern"));
    context.withPropertyValues("dunes.secrets.bindings.vcenter-admin.purposes=vcenter",
        "dunes.secrets.bindings.vcenter-admin.hosts=*.corp.example", "dunes.secrets.allow-host-patterns=true")
        .run(started -> assertThat(started).hasNotFailed());
  }

  @Test
  void shouldSayAtStartupWhichSecretsHaveNoBinding(CapturedOutput output) {
    context.withPropertyValues("dunes.secrets.bindings.vcenter-admin.purposes=vcenter",
        "dunes.secrets.bindings.vcenter-admin.hosts=vcenter.corp.example").run(started -> {
          assertThat(started).hasNotFailed();
          assertThat(output).contains("secret 'ca-enroll' has no binding (dunes.secrets.bindings.ca-enroll): Dunes "
              + "sends it nowhere").contains("secret 'vcenter-admin' may be sent for purposes vcenter, hosts "
              + "[vcenter.corp.example]").doesNotContain("Startup-Value-7");
        });
  }
}
