package dunes.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;

/**
 * The lab's people at a Dunes node they reach over HTTP only, as from Tasklist: {@code operator}
 * starts builds by change management's message and answers the build's tasks, {@code approver}
 * approves CA requests (four eyes). Passwords come from the lab's credentials file.
 */
public final class RemoteOperator {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Function<String, String> passwords;
  private final Map<String, Answer> more = new java.util.concurrent.ConcurrentHashMap<>();

  /** How a person answers a task this class does not know: who, and the variables from the open task. */
  public record Answer(String user, Function<JsonNode, Map<String, Object>> variables) {}

  /** {@code passwords}: the lab user's password by user name (e.g. from {@link LabProcess#secret}'s file). */
  public RemoteOperator(Function<String, String> passwords) {
    this.passwords = passwords;
  }

  /** The lab's users as its credentials file keeps them ({@code user.<name>}). */
  public static RemoteOperator of(LabProcess lab) {
    return new RemoteOperator(user -> {
      try {
        java.util.Properties saved = new java.util.Properties();
        try (var in = java.nio.file.Files.newInputStream(lab.state().resolve("lab-credentials.properties"))) {
          saved.load(in);
        }
        return saved.getProperty("user." + user);
      } catch (IOException e) {
        throw new IllegalStateException("cannot read the lab's credentials", e);
      }
    });
  }

  /** Answers tasks {@code taskKey} too, e.g. a task only a crash or a fault leads to. */
  public RemoteOperator answering(String taskKey, Answer answer) {
    more.put(taskKey, answer);
    return this;
  }

  /** Change management's start message for {@code request} (a build request's JSON) as {@code operator}; the HTTP status. */
  public HttpResponse<String> requestBuild(URI node, String ticket, String request) throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode().put("messageName", "Msg_VcoHaBuildRequested").put("businessKey", ticket);
    body.putObject("processVariables").putObject("buildRequest").put("value", request);
    return send(node, "POST", "/engine-rest/message", body.toString(), "operator");
  }

  /**
   * Answers each open task of the build {@code ticket} once, as its user would (the plan approved
   * by {@code operator}, the guest shut down for the clone, the CA request approved by {@code approver});
   * returns how many it answered. A node that does not answer counts as none answered.
   */
  public int answerOpenTasks(URI node, String ticket) throws InterruptedException {
    try {
      HttpResponse<String> open = send(node, "GET", "/engine-rest/task?processInstanceBusinessKey=" + ticket, null,
          "operator");
      if (open.statusCode() != 200) {
        return 0;
      }
      int answered = 0;
      for (JsonNode task : JSON.readTree(open.body())) {
        answered += answer(node, task) ? 1 : 0;
      }
      return answered;
    } catch (IOException nodeDown) {
      return 0;
    }
  }

  private boolean answer(URI node, JsonNode task) throws IOException, InterruptedException {
    String key = task.path("taskDefinitionKey").asText();
    Answer other = more.get(key);
    if (other != null) {
      return complete(node, task, other.user(), other.variables().apply(task));
    }
    return switch (key) {
      case PlanApproval.TASK -> complete(node, task, "operator", PlanApproval.APPROVE);
      case "Task_ShutdownNodeForClone" -> complete(node, task, "operator",
          Map.of("shutdownMethod", "guest", "shutdownConfirmed", true));
      case "Task_ApproveCertificateRequest" -> complete(node, task, "approver", Map.of("certificateApproval", "approve"));
      default -> throw new IllegalStateException("no answer for task " + key + " (" + task.path("name").asText() + ")");
    };
  }

  private boolean complete(URI node, JsonNode task, String user, Map<String, Object> variables)
      throws IOException, InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode vars = body.putObject("variables");
    variables.forEach((name, value) -> vars.putObject(name).putPOJO("value", value));
    HttpResponse<String> answer = send(node, "POST", "/engine-rest/task/" + task.path("id").asText() + "/complete",
        body.toString(), user);
    // a task another answer (or another node) completed meanwhile is gone: not an error here
    return answer.statusCode() == 204 || answer.statusCode() == 200;
  }

  /** One authenticated call to the node's REST API as {@code user}. */
  public HttpResponse<String> send(URI node, String method, String path, String body, String user)
      throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(node.resolve(path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Basic " + Base64.getEncoder()
            .encodeToString((user + ":" + passwords.apply(user)).getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }
}
