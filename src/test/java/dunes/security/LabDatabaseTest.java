package dunes.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.DunesApplication;
import dunes.support.LabArguments;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The lab's database never becomes production's: the lab (the README's run setup, on 127.0.40.x)
 * writes its users into an H2 file; production started on that file refuses, on its own file starts.
 */
class LabDatabaseTest {

  @TempDir Path dir;

  @Test
  void shouldRefuseToStartProductionOnTheLabsDatabaseAndStartOnItsOwn() {
    String labDatabase = h2(dir.resolve("lab/dunes"));
    try (ConfigurableApplicationContext lab = lab(labDatabase)) {
      IdentityService identity = lab.getBean(ProcessEngine.class).getIdentityService();
      assertThat(identity.createUserQuery().memberOfGroup(DunesGroups.LAB).list()).extracting(User::getId)
          .containsExactlyInAnyOrder("admin", "operator", "approver");
    }

    assertThatThrownBy(() -> production(labDatabase).close())
        .rootCause().isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("this database holds the lab's users [admin, approver, operator]")
        .hasMessageContaining("spring.datasource.url");

    try (ConfigurableApplicationContext production = production(h2(dir.resolve("dunes")))) {
      IdentityService identity = production.getBean(ProcessEngine.class).getIdentityService();
      assertThat(identity.createUserQuery().list()).extracting(User::getId).containsExactly("admin");
      assertThat(identity.createGroupQuery().groupId(DunesGroups.LAB).count()).isZero();
    }
  }

  private ConfigurableApplicationContext lab(String database) {
    Map<String, String> properties = new LinkedHashMap<>(LabArguments.onFreePorts(40, dir.resolve("lab")));
    properties.put("spring.datasource.url", database);
    properties.put("server.port", "0");
    properties.put("camunda.bpm.job-execution.enabled", "false");
    properties.put("dunes.lab.reference.enabled", "false");
    properties.put("dunes.change-management.callback-url", "http://127.0.40.50:18040/changes");
    return new SpringApplicationBuilder(DunesApplication.class).profiles("lab")
        .run(LabArguments.arguments(properties).toArray(String[]::new));
  }

  private static ConfigurableApplicationContext production(String database) {
    return new SpringApplicationBuilder(DunesApplication.class).run(args(
        "spring.datasource.url=" + database,
        "server.port=0",
        "server.address=127.0.0.1",
        "dunes.security.allow-plain-http=true",
        "camunda.bpm.job-execution.enabled=false",
        "dunes.admin.user=admin",
        "dunes.admin.password=production-admin-pw"));
  }

  /** As command-line arguments, which outrank the profiles' yaml. */
  private static String[] args(String... properties) {
    return Arrays.stream(properties).map(p -> "--" + p).toArray(String[]::new);
  }

  private static String h2(Path file) {
    return "jdbc:h2:file:" + file.toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
  }
}
