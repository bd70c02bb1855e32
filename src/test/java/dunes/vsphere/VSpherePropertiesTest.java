package dunes.vsphere;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class VSpherePropertiesTest {

  private final ApplicationContextRunner context =
      new ApplicationContextRunner().withUserConfiguration(VSphereConfiguration.class);

  @Test
  void shouldDefaultEveryTimeout() {
    context.run(ctx -> {
      VSphereProperties properties = ctx.getBean(VSphereProperties.class);
      assertThat(properties).isEqualTo(VSphereProperties.defaults());
      assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(60));
      assertThat(properties.leaseWait()).isEqualTo(Duration.ofMinutes(5));
      assertThat(properties.uploadTimeout()).isEqualTo(Duration.ofMinutes(30));
    });
  }

  @Test
  void shouldBindEachTimeoutFromConfiguration() {
    context.withPropertyValues("dunes.vsphere.connect-timeout=2s", "dunes.vsphere.lease-wait=PT7S").run(ctx -> {
      VSphereProperties properties = ctx.getBean(VSphereProperties.class);
      assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
      assertThat(properties.leaseWait()).isEqualTo(Duration.ofSeconds(7));
      assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(60));
    });
  }
}
