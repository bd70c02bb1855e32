package dunes.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.DunesApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

class ServerTlsEnvironmentTest {

  private final ServerTlsEnvironment postProcessor = new ServerTlsEnvironment(new DeferredLogs());

  @Test
  void shouldRefuseToStartTheApplicationWithoutAKeystore() {
    SpringApplicationBuilder production = new SpringApplicationBuilder(DunesApplication.class);

    assertThatThrownBy(() -> production.run("--dunes.admin.user=admin", "--dunes.admin.password=pw",
            "--spring.datasource.url=jdbc:h2:mem:dunes-no-tls")).isInstanceOf(IllegalStateException.class)
        .hasMessage(ServerTlsEnvironment.NO_TLS).hasMessageContaining("DUNES_TLS_KEYSTORE_PASSWORD");
  }

  @Test
  void shouldRefuseAKeystoreWithoutPassword() {
    MockEnvironment environment = new MockEnvironment().withProperty("server.ssl.key-store", "file:/etc/dunes/tls.p12")
        .withProperty("server.ssl.key-store-password", "");

    assertThatThrownBy(() -> postProcessor.postProcessEnvironment(environment, new SpringApplication()))
        .hasMessageContaining("file:/etc/dunes/tls.p12").hasMessageContaining("DUNES_TLS_KEYSTORE_PASSWORD");
  }

  @Test
  void shouldKeepTlsWhenAKeystoreAndItsPasswordAreSet() {
    MockEnvironment environment = new MockEnvironment().withProperty("server.ssl.key-store", "file:/etc/dunes/tls.p12")
        .withProperty("server.ssl.key-store-password", "pw").withProperty(ServerTlsEnvironment.ALLOW_PLAIN_HTTP, "true");

    postProcessor.postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("server.ssl.enabled")).isNull();
  }

  @Test
  @ExtendWith(OutputCaptureExtension.class)
  void shouldServePlainHttpOnlyWhenExplicitlyAllowedAndSaySo(CapturedOutput output) {
    MockEnvironment environment = new MockEnvironment().withProperty("server.ssl.key-store", "")
        .withProperty(ServerTlsEnvironment.ALLOW_PLAIN_HTTP, "true");
    DeferredLogs logs = new DeferredLogs();

    new ServerTlsEnvironment(logs).postProcessEnvironment(environment, new SpringApplication());
    logs.switchOverAll(); // what Spring Boot does once logging is up

    assertThat(environment.getProperty("server.ssl.enabled")).isEqualTo("false");
    assertThat(environment.getProperty("server.http2.enabled")).isEqualTo("false");
    assertThat(output).contains("WARN").contains("PLAIN HTTP: dunes.security.allow-plain-http is set");
  }

  @Test
  void shouldLetTheLabServePlainHttpOnLoopbackOnly() {
    MockEnvironment loopback = new MockEnvironment().withProperty("server.address", "127.0.0.1");
    loopback.setActiveProfiles("lab");
    MockEnvironment everywhere = new MockEnvironment();
    everywhere.setActiveProfiles("lab");
    MockEnvironment lan = new MockEnvironment().withProperty("server.address", "192.0.2.10");
    lan.setActiveProfiles("lab");

    postProcessor.postProcessEnvironment(loopback, new SpringApplication());

    assertThat(loopback.getProperty("server.ssl.enabled")).isEqualTo("false");
    assertThatThrownBy(() -> postProcessor.postProcessEnvironment(everywhere, new SpringApplication()))
        .hasMessageContaining("loopback only").hasMessageContaining("every interface");
    assertThatThrownBy(() -> postProcessor.postProcessEnvironment(lan, new SpringApplication()))
        .hasMessageContaining("192.0.2.10");
  }
}
