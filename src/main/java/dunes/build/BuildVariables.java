package dunes.build;

import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;

/** Names of the VcoHaBuild process variables, shared by delegates, API and tests. */
public final class BuildVariables {

  public static final String PROCESS_KEY = "VcoHaBuild";
  public static final String MSG_BUILD_REQUESTED = "Msg_VcoHaBuildRequested";
  /** Change management's cancel: starts a {@code CancelBuild}, which records it and delivers it to the build. */
  public static final String MSG_CHANGE_CANCELLED = "Msg_ChangeCancelled";
  /** What {@code CancelBuild} correlates to the build once the cancel is recorded; not for callers. */
  public static final String MSG_CANCEL_BUILD = "Msg_CancelBuild";
  public static final String CANCEL_PROCESS_KEY = "CancelBuild";

  /** The raw JSON as it came in: the message's payload, or what {@link StartFormRequest} made of the start form. */
  public static final String BUILD_REQUEST = "buildRequest";
  /** The change ticket, also the business key. */
  public static final String TICKET = "ticket";
  /** The validated request, normalised JSON (secret references only). */
  public static final String BUILD_SPEC = "buildSpec";
  /** Set by Task_ValidateRequest only; a start that carries it is refused. */
  public static final String REQUEST_VALID = "requestValid";
  /** JSON list of {field, message}. */
  public static final String VALIDATION_ERRORS = "validationErrors";
  /** Who requested the build, for forms and Cockpit; four eyes reads the DUNES_TICKET row, not this. */
  public static final String REQUESTER = "requester";
  public static final String CLUSTER_FQDN = "clusterFqdn";
  public static final String NODE_COUNT = "nodeCount";
  /** completed, failed, cancelled or rejected, once known. */
  public static final String OUTCOME = "outcome";
  /** Who cancelled the build (the recorded cancellation's user), set when the cancel reaches it. */
  public static final String CANCELLED_BY = "cancelledBy";
  /** The node a called stage works on (ConfigureNode, RunConfigurationWorkflow, RestartNode, ...). */
  public static final String NODE_NAME = "nodeName";

  /**
   * What the first activity takes from a start: the request alone (a Tasklist start sends the form's
   * fields, which {@link StartFormRequest} turns into it on the start event).
   */
  public static final List<String> START_VARIABLES = List.of(BUILD_REQUEST);

  /** The validated request of the build this execution belongs to. */
  public static BuildSpec spec(VariableScope execution) {
    Object json = execution.getVariable(BUILD_SPEC);
    if (json == null) {
      throw new IllegalStateException("no '" + BUILD_SPEC + "' variable: the step runs outside a validated build");
    }
    return BuildRequestReader.parseTrusted((String) json);
  }

  /** The request's node a stage works on: the call activity's {@code nodeName}. */
  public static BuildSpec.Node node(VariableScope execution, BuildSpec spec) {
    return spec.node((String) execution.getVariable(NODE_NAME));
  }

  private BuildVariables() {}
}
