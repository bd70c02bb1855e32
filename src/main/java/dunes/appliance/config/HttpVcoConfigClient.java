package dunes.appliance.config;

import dunes.appliance.config.ExecutionState.Status;
import dunes.appliance.config.VcoJson.Execution;
import dunes.appliance.config.VcoJson.ExecutionLink;
import dunes.appliance.config.VcoJson.WorkflowLink;
import dunes.appliance.config.WorkflowResult.Outcome;
import dunes.secrets.SecretStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.core5.net.URIBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link VcoConfigPort} over HTTPS with HttpClient 5: find the workflow, read its executions,
 * compare, and post only when the node does not have that configuration yet. The vRO REST API's
 * JSON is kept in {@link VcoJson}, so it is easy to change should 5.5 differ (*unverified*).
 */
public class HttpVcoConfigClient implements VcoConfigPort {

  private static final Logger LOG = LoggerFactory.getLogger(HttpVcoConfigClient.class);
  private static final String WORKFLOWS = "/vco/api/workflows";
  /** what a workflow or execution id from the server may look like before it goes into a path */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  /** the most runs whose inputs one converge reads ({@link Match#ANY_COMPLETED}); older runs are not looked at */
  static final int RUNS_READ = 100;
  private static final Pattern EXECUTION_PATH = Pattern.compile("/vco/api/workflows/[^/]+/executions/[^/]+/?");

  private final VcoConfigProperties properties;
  private final SecretStore secrets;
  private final DnsResolver dns;

  /** @param dns resolves node names (the lab's in-memory names); {@code null} for the system's DNS */
  public HttpVcoConfigClient(VcoConfigProperties properties, SecretStore secrets, DnsResolver dns) {
    this.properties = properties;
    this.secrets = secrets;
    this.dns = dns;
  }

  @Override
  public WorkflowResult converge(Target target, String workflowName, List<Input> inputs, Match match) {
    requireDistinctNames(workflowName, inputs, match);
    try (VcoConfigSession session = open(target)) {
      String id = findWorkflow(session, workflowName);
      String executions = WORKFLOWS + "/" + id + "/executions";
      List<ExecutionLink> runs = VcoJson.executions(session.get(executions), session.where("GET", executions));
      WorkflowResult result = adoptRunning(session, workflowName, id, runs, inputs)
          .or(() -> alreadyConfigured(session, workflowName, id, runs, inputs, match))
          .orElseGet(() -> start(session, workflowName, id, executions, inputs));
      LOG.info("vCO at {}: {} (inputs {}, {})", target, result.summary(), inputs, match);
      return result;
    }
  }

  @Override
  public ExecutionState state(Target target, String executionHref) {
    String path = executionPath(executionHref);
    try (VcoConfigSession session = open(target)) {
      Execution execution = VcoJson.execution(session.get(path), session.where("GET", path));
      return new ExecutionState(execution.name(), executionHref, execution.status(), execution.error(),
          execution.outputs());
    }
  }

  /** Exactly one workflow must carry the name: none, or a copy with the same name, is an operator's matter. */
  private static String findWorkflow(VcoConfigSession session, String name) {
    String query;
    try {
      query = new URIBuilder(WORKFLOWS).addParameter("conditions", "name=" + name).build().toString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot query a workflow named '" + name + "'", e);
    }
    List<WorkflowLink> found = VcoJson.workflows(session.get(query), session.where("GET", query)).stream()
        .filter(workflow -> workflow.name().equals(name)).toList();
    if (found.isEmpty()) {
      throw new VcoWorkflowNotFoundException(name, "vCO has no workflow named '" + name + "'; install the plug-in "
          + "that provides it (the Configuration plug-in for the configurator's pages) or correct the name");
    }
    if (found.size() > 1) {
      throw new VcoWorkflowNotFoundException(name, "vCO has " + found.size() + " workflows named '" + name + "' (ids "
          + found.stream().map(WorkflowLink::id).toList() + "); rename or remove the copies so that one remains");
    }
    String id = found.get(0).id();
    if (!ID.matcher(id).matches()) {
      throw new VcoProtocolException("vCO gave workflow '" + name + "' the id '" + id + "', expected letters, digits, "
          + "'.', '_', ':' or '-'");
    }
    return id;
  }

  /** A run with these inputs that has not ended: an earlier attempt started it, so poll that one. */
  private Optional<WorkflowResult> adoptRunning(VcoConfigSession session, String name, String id,
      List<ExecutionLink> runs, List<Input> inputs) {
    for (ExecutionLink run : runs.subList(0, Math.min(runs.size(), RUNS_READ))) {
      if (run.status() != Status.RUNNING) {
        continue;
      }
      Execution execution = read(session, run);
      // ended since the list was read: a completed one is still the run to report, a failed one is not
      if (execution.status() != Status.FAILED && VcoJson.sameInputs(inputs, execution.inputs())) {
        return Optional.of(new WorkflowResult(name, id, Outcome.ADOPTED, run.href()));
      }
    }
    return Optional.empty();
  }

  /**
   * The newest completed run is what the node is configured with ({@link Match#NEWEST_COMPLETED}),
   * or every completed run added its item ({@link Match#ANY_COMPLETED}): the same inputs there
   * mean nothing to do. A read-only workflow ({@link Match#NEVER}) is never done: its last answer is stale.
   */
  private Optional<WorkflowResult> alreadyConfigured(VcoConfigSession session, String name, String id,
      List<ExecutionLink> runs, List<Input> inputs, Match match) {
    if (match == Match.NEVER) {
      return Optional.empty();
    }
    return runs.stream().filter(run -> run.status() == Status.COMPLETED)
        .limit(match == Match.NEWEST_COMPLETED ? 1 : RUNS_READ)
        .filter(completed -> VcoJson.sameInputs(inputs, read(session, completed).inputs()))
        .findFirst()
        .map(completed -> new WorkflowResult(name, id, Outcome.ALREADY_CONFIGURED, completed.href()));
  }

  /** SecureString values are resolved here, for this one request, and kept out of every message. */
  private WorkflowResult start(VcoConfigSession session, String name, String id, String executions, List<Input> inputs) {
    List<String> revealed = new ArrayList<>();
    String context = VcoJson.context(inputs, ref -> {
      String value = secrets.resolve(ref).revealAsString();
      revealed.add(value);
      return value;
    });
    String href = session.post(executions, context, revealed);
    return new WorkflowResult(name, id, Outcome.STARTED, href);
  }

  private static Execution read(VcoConfigSession session, ExecutionLink run) {
    String path = executionPath(run.href());
    return VcoJson.execution(session.get(path), session.where("GET", path));
  }

  /** The path of an execution's href (absolute or not): the call goes to the target, never elsewhere. */
  private static String executionPath(String href) {
    String path;
    try {
      path = new URI(href).getRawPath();
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("not an execution href: '" + href + "'", e);
    }
    if (path == null || !EXECUTION_PATH.matcher(path).matches()) {
      throw new IllegalArgumentException("not an execution href: '" + href
          + "', expected …/vco/api/workflows/{id}/executions/{executionId}/");
    }
    return path.endsWith("/") ? path : path + "/";
  }

  private static void requireDistinctNames(String workflowName, List<Input> inputs, Match match) {
    if (workflowName == null || workflowName.isBlank() || inputs == null || match == null) {
      throw new IllegalArgumentException("converging needs a workflow name, its inputs (may be empty) and a match");
    }
    Set<String> names = new HashSet<>();
    for (Input input : inputs) {
      if (!names.add(input.name())) {
        throw new IllegalArgumentException("input '" + input.name() + "' is given twice for workflow '"
            + workflowName + "'");
      }
    }
  }

  private VcoConfigSession open(Target target) {
    // resolved now, for this call only: the value never lands in a field, a log or a variable
    return VcoConfigSession.open(target, secrets.resolve(target.password()), properties, dns);
  }
}
