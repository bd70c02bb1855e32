package dunes.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class AdminUserEnvironmentTest {

  private final AdminUserEnvironment postProcessor = new AdminUserEnvironment();

  @Test
  void shouldRefuseToStartWithoutAnAdminAndSayWhatToSet() {
    MockEnvironment environment = new MockEnvironment().withProperty("dunes.admin.user", "admin");

    assertThatThrownBy(() -> postProcessor.postProcessEnvironment(environment, new SpringApplication()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DUNES_ADMIN_USER").hasMessageContaining("DUNES_ADMIN_PASSWORD");
  }

  @Test
  void shouldHandTheConfiguredAdminToTheEngine() {
    MockEnvironment environment = new MockEnvironment()
        .withProperty("dunes.admin.user", "root-of-all").withProperty("dunes.admin.password", "pw");

    postProcessor.postProcessEnvironment(environment, new SpringApplication());

    assertThat(environment.getProperty("camunda.bpm.admin-user.id")).isEqualTo("root-of-all");
    assertThat(environment.getProperty("camunda.bpm.admin-user.password")).isEqualTo("pw");
  }
}
