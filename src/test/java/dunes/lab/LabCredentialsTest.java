package dunes.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** The lab's credentials fill in what the environment does not give, half a login included. */
class LabCredentialsTest {

  @TempDir Path dir;

  @Test
  void shouldKeepTheAdminNameAdminWhenOnlyThePasswordIsGiven() {
    StandardEnvironment environment = lab(Map.of("dunes.admin.password", "given-pw-1"));

    new LabCredentials().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("dunes.admin.user")).isEqualTo("admin");
    assertThat(environment.getProperty("dunes.admin.password")).isEqualTo("given-pw-1");
  }

  @Test
  void shouldMakeTheAdminsPasswordWhenOnlyTheNameIsGiven() {
    StandardEnvironment environment = lab(Map.of("dunes.admin.user", "root-of-lab"));

    new LabCredentials().postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("dunes.admin.user")).isEqualTo("root-of-lab");
    assertThat(environment.getProperty("dunes.admin.password")).isNotBlank().hasSizeGreaterThanOrEqualTo(16);
  }

  private StandardEnvironment lab(Map<String, Object> given) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.setActiveProfiles("lab");
    environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
        "dunes.lab.credentials-file", dir.resolve("lab-credentials.properties").toString())));
    environment.getPropertySources().addFirst(new MapPropertySource("env", given));
    return environment;
  }
}
