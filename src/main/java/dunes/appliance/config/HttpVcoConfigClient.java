package dunes.appliance.config;

import dunes.appliance.config.ExecutionState.Status;
import dunes.appliance.config.VcoJson.Execution;
import dunes.appliance.config.VcoJson.ExecutionLink;
import dunes.appliance.config.VcoJson.WorkflowLink;
import dunes.appliance.config.WorkflowResult.Outcome;
import dunes.secrets.SecretStore;
import dunes.appliance.config.VcoConfigPort.Login;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
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
  private static final String ABOUT = "/vco/api/about";
  private static final String PLUGINS = "/vco/api/plugins";
  /** how far vCO's clock may be behind Dunes's when a pending marker is matched to a run's start date */
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);
  private static final Pattern EXECUTION_PATH = Pattern.compile("/vco/api/workflows/[^/]+/executions/[^/]+/?");

  private final VcoConfigProperties properties;
  private final SecretStore secrets;
  private final DnsResolver dns;
  private final ConfigurationRuns runs;
  private final String ssoId;

  /**
   * @param dns resolves node names (RequestDns: the request's DNS servers); {@code null} for the system's DNS
   * @param runs Dunes's own record of the runs it started: what the converge rule trusts
   * @param ssoId the id of "Configure SSO": a run of it recorded for a node makes the SSO login the first to try
   */
  public HttpVcoConfigClient(VcoConfigProperties properties, SecretStore secrets, DnsResolver dns,
      ConfigurationRuns runs, String ssoId) {
    this.properties = properties;
    this.secrets = secrets;
    this.dns = dns;
    this.runs = runs;
    this.ssoId = ssoId;
  }

  @Override
  public WorkflowResult converge(Target target, WorkflowRef workflow, List<Input> inputs, Match match) {
    requireDistinctNames(workflow, inputs, match);
    String digest = ConfigurationRuns.digest(inputs);
    return withLogins(target, session -> {
      WorkflowLink found = resolve(session, workflow);
      String name = found.name();
      String id = found.id();
      Optional<ConfigurationRuns.Run> recorded = runs.find(target.node(), id, digest);
      WorkflowResult result = recorded.flatMap(run -> fromRecord(session, target, name, run, inputs, match))
          .orElseGet(() -> start(session, target, name, id, digest, inputs));
      LOG.info("vCO at {}: {} (inputs {}, {})", target, result.summary(), inputs, match);
      return result;
    });
  }

  @Override
  public Optional<WorkflowRef> find(Target target, WorkflowRef workflow) {
    return withLogins(target, session -> {
      try {
        WorkflowLink found = resolve(session, workflow);
        return Optional.of(new WorkflowRef(found.name(), found.id()));
      } catch (VcoWorkflowNotFoundException e) {
        return Optional.empty();
      }
    });
  }

  @Override
  public String version(Target target) {
    return withLogins(target, session -> VcoJson.version(session.get(ABOUT), session.where("GET", ABOUT)));
  }

  @Override
  public List<String> plugins(Target target) {
    return withLogins(target, session -> VcoJson.plugins(session.get(PLUGINS), session.where("GET", PLUGINS)));
  }

  @Override
  public ExecutionState state(Target target, String executionHref) {
    String path = executionPath(executionHref);
    return withLogins(target, session -> {
      Execution execution = VcoJson.execution(session.get(path), session.where("GET", path));
      if (execution.status() == Status.COMPLETED) {
        runs.completedByHref(executionHref);
      }
      return new ExecutionState(execution.name(), executionHref, execution.status(), execution.error(),
          execution.outputs());
    });
  }

  /**
   * What Dunes's record says of this configuration. Completed: done, unless a newer run with other
   * inputs completed since ({@link Match#NEWEST_COMPLETED}) or the workflow only reads
   * ({@link Match#NEVER}). Started: follow that execution (gone — the database was switched before
   * it was polled — or failed: run again). Pending (a crash between the marker and the POST's
   * answer): a run with these inputs that started after the marker is the one that was posted.
   */
  private Optional<WorkflowResult> fromRecord(VcoConfigSession session, Target target, String name,
      ConfigurationRuns.Run run, List<Input> inputs, Match match) {
    switch (run.state()) {
      case COMPLETED -> {
        return done(target, name, run, match);
      }
      case STARTED -> {
        String path = executionPath(run.href());
        String body = session.getIfFound(path);
        if (body == null) {
          return Optional.empty();
        }
        Execution execution = VcoJson.execution(body, session.where("GET", path));
        if (execution.status() == Status.RUNNING) {
          return Optional.of(new WorkflowResult(name, run.workflowId(), Outcome.ADOPTED, run.href()));
        }
        if (execution.status() == Status.COMPLETED) {
          runs.completed(target.node(), run.workflowId(), run.digest(), run.href());
          return done(target, name, run, match);
        }
        return Optional.empty();
      }
      default -> {
        return posted(session, target, name, run, inputs, match);
      }
    }
  }

  /** A pending marker: find the run the lost answer would have named, among runs started since the marker. */
  private Optional<WorkflowResult> posted(VcoConfigSession session, Target target, String name,
      ConfigurationRuns.Run marker, List<Input> inputs, Match match) {
    String executions = WORKFLOWS + "/" + marker.workflowId() + "/executions";
    OffsetDateTime since = OffsetDateTime.ofInstant(Instant.ofEpochMilli(marker.started()).minus(CLOCK_SKEW),
        ZoneOffset.UTC);
    List<ExecutionLink> candidates = VcoJson.executions(session.get(executions), session.where("GET", executions))
        .stream().limit(RUNS_READ).filter(run -> run.startDate() == null || !run.startDate().isBefore(since))
        .toList();
    for (ExecutionLink run : candidates) {
      if (run.status() == Status.FAILED) {
        continue;
      }
      Execution execution = read(session, run);
      if (execution.status() == Status.FAILED || !VcoJson.sameInputs(inputs, execution.inputs())) {
        continue;
      }
      if (execution.status() == Status.RUNNING) {
        runs.started(target.node(), marker.workflowId(), marker.digest(), run.href());
        return Optional.of(new WorkflowResult(name, marker.workflowId(), Outcome.ADOPTED, run.href()));
      }
      runs.completed(target.node(), marker.workflowId(), marker.digest(), run.href());
      return done(target, name, new ConfigurationRuns.Run(marker.node(), marker.workflowId(), marker.digest(),
          ConfigurationRuns.State.COMPLETED, run.href(), marker.started()), match);
    }
    return Optional.empty();
  }

  /**
   * A completed run with these inputs: done, unless the workflow only reads ({@link Match#NEVER})
   * or, for a setting ({@link Match#NEWEST_COMPLETED}), Dunes started a run with other inputs after it.
   */
  private Optional<WorkflowResult> done(Target target, String name, ConfigurationRuns.Run run, Match match) {
    boolean newest = runs.newest(target.node(), run.workflowId()).map(last -> last.digest().equals(run.digest()))
        .orElse(true);
    return match == Match.NEVER || (match == Match.NEWEST_COMPLETED && !newest) ? Optional.empty()
        : Optional.of(new WorkflowResult(name, run.workflowId(), Outcome.ALREADY_CONFIGURED, run.href()));
  }

  /**
   * The workflow by its configured id first ({@code GET /vco/api/workflows/{id}/}, the definition
   * the docs print), else by its exact name: none, or a copy with the same name, is an operator's matter.
   */
  private static WorkflowLink resolve(VcoConfigSession session, WorkflowRef workflow) {
    if (workflow.id() != null) {
      requireId(workflow.id(), workflow.toString());
      String path = WORKFLOWS + "/" + workflow.id() + "/";
      String body = session.getIfFound(path);
      if (body != null) {
        String name = VcoJson.workflowName(body, session.where("GET", path));
        return new WorkflowLink(workflow.id(), name == null ? workflow.name() : name);
      }
      if (workflow.name() == null) {
        throw new VcoWorkflowNotFoundException(workflow.toString(), "vCO has no workflow with id " + workflow.id()
            + "; install the plug-in (or package) that provides it, or configure its id and name");
      }
    }
    return findWorkflow(session, workflow.name());
  }

  /** Exactly one workflow must carry the name: none, or a copy with the same name, is an operator's matter. */
  private static WorkflowLink findWorkflow(VcoConfigSession session, String name) {
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
          + "or package that provides it, configure its name and id (dunes.appliance.config.workflows), or "
          + "leave it unconfigured so that an operator performs the step");
    }
    if (found.size() > 1) {
      throw new VcoWorkflowNotFoundException(name, "vCO has " + found.size() + " workflows named '" + name + "' (ids "
          + found.stream().map(WorkflowLink::id).toList() + "); configure the id of the one to run, or rename or "
          + "remove the copies");
    }
    requireId(found.get(0).id(), "'" + name + "'");
    return found.get(0);
  }

  private static void requireId(String id, String workflow) {
    if (!ID.matcher(id).matches()) {
      throw new VcoProtocolException("the id '" + id + "' of workflow " + workflow + " is not one vCO gives: expected "
          + "letters, digits, '.', '_', ':' or '-'");
    }
  }

  /** SecureString values are resolved here, for this one request, and kept out of every message. */
  private WorkflowResult start(VcoConfigSession session, Target target, String name, String id, String digest,
      List<Input> inputs) {
    String executions = WORKFLOWS + "/" + id + "/executions";
    List<String> revealed = new ArrayList<>();
    String context = VcoJson.context(inputs, secure -> { // a secret its binding keeps from here stops the run now
      String value = secrets.resolveFor(secure.secret(), target.handOver(secure.onward())).revealAsString();
      revealed.add(value);
      return value;
    });
    runs.pending(target.node(), id, digest); // committed before the POST: a lost answer leaves this trace
    String href = session.post(executions, context, revealed);
    runs.started(target.node(), id, digest, href);
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

  private static void requireDistinctNames(WorkflowRef workflow, List<Input> inputs, Match match) {
    if (workflow == null || !workflow.configured() || inputs == null || match == null) {
      throw new IllegalArgumentException("converging needs a workflow name or id, its inputs (may be empty) and a match");
    }
    Set<String> names = new HashSet<>();
    for (Input input : inputs) {
      if (!names.add(input.name())) {
        throw new IllegalArgumentException("input '" + input.name() + "' is given twice for workflow '"
            + workflow + "");
      }
    }
  }

  /**
   * One call with the target's first login; a 401 tries the next (the phase Dunes recorded may be
   * behind the node: "Configure SSO" just completed, or a clone came with its source's SSO).
   */
  private <T> T withLogins(Target target, Function<VcoConfigSession, T> call) {
    List<String> refused = new ArrayList<>();
    VcoAuthenticationException last = null;
    for (Login login : target.logins(ssoId != null && runs.any(target.node(), ssoId))) {
      // resolved now, for this call only: the value never lands in a field, a log or a variable
      try (VcoConfigSession session = VcoConfigSession.open(target, login,
          secrets.resolveFor(login.password(), target.login()),
          properties, dns)) {
        return call.apply(session);
      } catch (VcoAuthenticationException e) {
        refused.add(login.toString());
        last = e;
      }
    }
    if (refused.size() == 1) {
      throw last;
    }
    throw new VcoAuthenticationException("vCO at " + target + " refused every login Dunes has for it (HTTP 401): "
        + String.join(", ", refused) + "; the REST API takes a vCO administrator (the embedded LDAP's vcoadmin "
        + "before SSO, a member of the vCO admin group after): set the request's logins and their secrets");
  }
}
