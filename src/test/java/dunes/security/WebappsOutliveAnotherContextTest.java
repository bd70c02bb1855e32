package dunes.security;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.DunesApplication;
import dunes.support.DunesIntegrationTest;
import dunes.support.WebappSession;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The test harness itself: closing another application in this JVM (as several suites do) clears
 * the webapps' JVM-wide runtime, after which a cached context's Tasklist login answered 500 until
 * its test claimed the registries again ({@code JvmRegistries}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebappsOutliveAnotherContextTest extends DunesIntegrationTest {

  @Test
  @Order(1)
  void anotherApplicationStartsAndCloses() {
    new SpringApplicationBuilder(DunesApplication.class).run(
        "--spring.datasource.url=jdbc:h2:mem:dunes-other-context",
        "--server.port=0",
        "--server.address=127.0.0.1",
        "--dunes.security.allow-plain-http=true",
        "--camunda.bpm.job-execution.enabled=false",
        "--dunes.admin.user=admin",
        "--dunes.admin.password=other-admin-pw").close();
  }

  @Test
  @Order(2)
  void thisContextsTasklistStillLogsIn() {
    user("tessa", "tessa-pw-1234", DunesGroups.OPERATORS);
    WebappSession tasklist = WebappSession.login(uri("/"), "tessa", "tessa-pw-1234");
    assertThat(tasklist.get("/camunda/api/admin/auth/user/default").statusCode()).isEqualTo(200);
  }
}
