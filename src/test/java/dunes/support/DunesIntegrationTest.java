package dunes.support;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.init;

import dunes.security.DunesGroups;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a random port with an in-memory engine; one context shared by every
 * subclass. The job executor is off: tests run jobs themselves, so nothing sleeps or races.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class DunesIntegrationTest {

  public static final String OPERATOR = "olga";
  public static final String OPERATOR_PASSWORD = "olga-pw-1234";
  /** The engine's admin (camunda-admin), made by the starter from {@code dunes.admin.*}. */
  public static final String ADMIN = "admin";
  protected static final ChangeReceiver CHANGES = new ChangeReceiver();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Autowired protected ProcessEngine engine;
  @LocalServerPort protected int port;
  @Value("${dunes.admin.password}") protected String adminPassword;

  @DynamicPropertySource
  static void changeManagement(DynamicPropertyRegistry registry) {
    registry.add("dunes.change-management.callback-url", CHANGES::url);
  }

  @BeforeEach
  void engineAndOperator() {
    JvmRegistries.claim(engine); // several cached test contexts share the JVM-wide registries
    init(engine);
    if (engine.getIdentityService().createUserQuery().userId(OPERATOR).count() == 0) {
      User user = engine.getIdentityService().newUser(OPERATOR);
      user.setPassword(OPERATOR_PASSWORD);
      engine.getIdentityService().saveUser(user);
      engine.getIdentityService().createMembership(OPERATOR, DunesGroups.OPERATORS);
    }
    CHANGES.failNext(0);
  }

  protected HttpResponse<String> post(String path, String json, String user, String password) {
    return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(json))
        .header("Content-Type", "application/json"), user, password);
  }

  protected HttpResponse<String> get(String path, String user, String password) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), user, password);
  }

  /** Any method, as {@code user} (no Authorization header when null); a JSON body when {@code json} is not null. */
  protected HttpResponse<String> call(String method, String path, String json, String user, String password) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).method(method,
        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return send(request, user, password);
  }

  /** A user with {@code password} in {@code groups}, made once per context. */
  protected void user(String id, String password, String... groups) {
    var identity = engine.getIdentityService();
    if (identity.createUserQuery().userId(id).count() == 0) {
      User user = identity.newUser(id);
      user.setPassword(password);
      identity.saveUser(user);
    }
    for (String group : groups) {
      if (identity.createUserQuery().userId(id).memberOfGroup(group).count() == 0) {
        identity.createMembership(id, group);
      }
    }
  }

  protected HttpResponse<String> postAsOperator(String path, String json) {
    return post(path, json, OPERATOR, OPERATOR_PASSWORD);
  }

  /** Runs every due job of the instance, as the job executor would, until none is left. */
  protected void runJobs(String processInstanceId) {
    Job job;
    while ((job = engine.getManagementService().createJobQuery()
        .processInstanceId(processInstanceId).executable().singleResult()) != null) {
      engine.getManagementService().executeJob(job.getId());
    }
  }

  protected URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request, String user, String password) {
    if (user != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
