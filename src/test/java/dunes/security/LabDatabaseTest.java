package dunes.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dunes.DunesApplication;
import java.nio.file.Path;
import java.util.Arrays;
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
    return new SpringApplicationBuilder(DunesApplication.class).profiles("lab").run(args(
        "spring.datasource.url=" + database,
        "server.port=0",
        "camunda.bpm.job-execution.enabled=false",
        "dunes.lab.credentials-file=" + dir.resolve("lab/credentials.properties"),
        "dunes.lab.vsphere.address=127.0.40.40",
        "dunes.lab.vsphere.port=0",
        "dunes.lab.vsphere.work-dir=" + dir.resolve("lab/vsphere"),
        "dunes.lab.nodes.work-dir=" + dir.resolve("lab/nodes"),
        "dunes.lab.ca.address=127.0.40.20",
        "dunes.lab.ca.port=0",
        "dunes.lab.edge.address=127.0.40.30",
        "dunes.lab.edge.port=0",
        "dunes.lab.sso.address=127.0.40.41",
        "dunes.lab.sso.port=0",
        "dunes.lab.reference.enabled=false",
        "dunes.lab.changes.address=127.0.40.50",
        "dunes.lab.changes.port=0",
        "dunes.lab.dns.address=127.0.40.53",
        "dunes.lab.dns.port=" + dunes.support.ExampleRequest.LAB_DNS_PORT,
        "dunes.lab.dns.work-dir=" + dir.resolve("lab/dns"),
        "dunes.change-management.callback-url=http://127.0.40.50:18040/changes"));
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
