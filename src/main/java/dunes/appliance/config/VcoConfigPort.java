package dunes.appliance.config;

import dunes.secrets.Destination;
import dunes.secrets.Purpose;
import dunes.secrets.SecretNotAllowedException;
import dunes.secrets.SecretRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The vCO server's Configuration plug-in workflows, run through its REST API on 8281 (find by name,
 * POST an execution-context, poll the execution). Every run converges: the node's own record of
 * executions is read first, so a retried or replayed step never runs a workflow twice.
 */
public interface VcoConfigPort {

  /**
   * One vCO server as Dunes reaches it.
   *
   * @param node the node's key in Dunes's own record of runs ({@link ConfigurationRuns}): the request
   *     build's ticket and the request node's FQDN ({@code CHG0001/vcvco1.example.com}), stable across
   *     address changes and database switches, and new for a rebuild of the same node
   * @param host its address (or a name the configured resolver knows)
   * @param port 8281 on a real appliance
   * @param fingerprint SHA-256 of the certificate 8281 serves, the only one trusted
   * @param beforeSso the REST login while the server authenticates with its embedded LDAP
   * @param afterSso the REST login once "Configure SSO" ran (null: none known). The client tries the
   *     one of the phase Dunes recorded for {@code node} first, the other after a 401 (a clone
   *     comes with its source's SSO; a run just completed); passwords are resolved at each call
   * @param buildNode whether the server is one of a build's own nodes, which the bindings of the
   *     appliance's accounts may allow ({@code build-nodes}); false for the reference appliance, whose
   *     host a binding must name, and which is given no workflow's secrets
   */
  record Target(String node, String host, int port, String fingerprint, Login beforeSso, Login afterSso,
      boolean buildNode) {
    public Target {
      if (node == null || node.isBlank() || host == null || host.isBlank() || fingerprint == null
          || beforeSso == null) {
        throw new IllegalArgumentException(
            "a vCO target needs a node key, a host, the certificate's fingerprint and the vCO administrator's login");
      }
    }

    /** A build's node, with the logins of both phases. */
    public Target(String node, String host, int port, String fingerprint, Login beforeSso, Login afterSso) {
      this(node, host, port, fingerprint, beforeSso, afterSso, true);
    }

    /** A build's node whose key is its host, with one login. */
    public Target(String host, int port, String fingerprint, Login login) {
      this(host, host, port, fingerprint, login, null, true);
    }

    /** A vCO server that is no node of the build (the request's reference appliance), with one login. */
    public static Target reference(String host, int port, String fingerprint, Login login) {
      return new Target(host, host, port, fingerprint, login, null, false);
    }

    /** Where a login's password goes: this server's REST API. */
    public Destination login() {
      return buildNode ? Destination.buildNode(Purpose.VCO_REST, host, port)
          : Destination.to(Purpose.VCO_REST, host, port);
    }

    /**
     * Where a SecureString input's secret goes: handed to this node, which passes it on.
     *
     * @throws SecretNotAllowedException when this server is no node of the build
     */
    public Destination handOver(Destination onward) {
      if (!buildNode) {
        throw new SecretNotAllowedException("the vCO server at " + host + ":" + port + " is no node of the build: "
            + "Dunes hands no workflow a secret there");
      }
      return onward.through(host, port);
    }

    /** The logins in the order to try them. */
    public List<Login> logins(boolean ssoConfigured) {
      if (afterSso == null || afterSso.equals(beforeSso)) {
        return List.of(beforeSso);
      }
      return ssoConfigured ? List.of(afterSso, beforeSso) : List.of(beforeSso, afterSso);
    }

    @Override
    public String toString() {
      return "https://" + host + ":" + port;
    }
  }

  /**
   * A vCO administrator's REST login: the embedded LDAP's {@code vcoadmin} before SSO, an SSO
   * member of the vCO admin group after (vCO 5.5.1 "Using the vCO REST API", authentication).
   * Never the configurator's {@code vmware}, which only the 8283 pages take.
   */
  record Login(String username, SecretRef password) {
    public Login {
      if (username == null || username.isBlank() || password == null) {
        throw new IllegalArgumentException("a vCO login needs a user name and the password's secret");
      }
    }

    @Override
    public String toString() {
      return username + " (secret " + password.name() + ")";
    }
  }

  /** {@link #converge(Target, WorkflowRef, List, Match)} of a workflow that sets one configuration: the newest completed run decides. */
  default WorkflowResult converge(Target target, String workflowName, List<Input> inputs) {
    return converge(target, WorkflowRef.named(workflowName), inputs, Match.NEWEST_COMPLETED);
  }

  /** {@link #converge(Target, WorkflowRef, List, Match)} of the workflow with this exact name. */
  default WorkflowResult converge(Target target, String workflowName, List<Input> inputs, Match match) {
    return converge(target, WorkflowRef.named(workflowName), inputs, match);
  }

  /**
   * The workflow as the node resolves it (by id first, then by exact name), read-only; empty when
   * the node has none, or several with the name.
   */
  Optional<WorkflowRef> find(Target target, WorkflowRef workflow);

  /** The server's version, {@code GET /vco/api/about}; read-only. */
  String version(Target target);

  /** The names of the plug-ins the server has, {@code GET /vco/api/plugins}; read-only. */
  List<String> plugins(Target target);

  /**
   * Brings the node to "{@code workflow} has run with {@code inputs}". Resolves the workflow (its
   * configured id first, else its exact name: exactly one must match), then asks Dunes's own record
   * of runs ({@link ConfigurationRuns}, by node, workflow id and inputs digest):
   * <ul>
   *   <li>completed with these inputs (and, for {@link Match#NEWEST_COMPLETED}, no other inputs
   *       completed since) → {@link WorkflowResult.Outcome#ALREADY_CONFIGURED}, nothing is posted
   *       ({@link Match#NEVER}: no completed run counts);</li>
   *   <li>started and still running on the node → {@link WorkflowResult.Outcome#ADOPTED}, its href to poll;</li>
   *   <li>marked pending (the answer to the POST was lost): a run with these inputs on the node since
   *       the marker is that run;</li>
   *   <li>otherwise a marker is committed and the workflow started → {@link WorkflowResult.Outcome#STARTED}.</li>
   * </ul>
   * The node's own execution history is not what decides: it is left behind by the database switch
   * and shared by the nodes of a cluster. SecureString inputs count by presence only (a changed
   * password alone does not run the workflow again).
   *
   * @throws VcoWorkflowNotFoundException when no workflow has the id, and none or more than one the name
   */
  WorkflowResult converge(Target target, WorkflowRef workflow, List<Input> inputs, Match match);

  /**
   * The execution's state now: running, completed, or failed with vCO's error text
   * ({@link ExecutionState#requireSucceeded()} turns a failure into an exception).
   *
   * @param executionHref as {@link WorkflowResult#executionHref()} gives it; only its path is used,
   *     the call goes to {@code target}
   */
  ExecutionState state(Target target, String executionHref);

  /**
   * The output parameters of a completed execution, name → value as text: read them from the href
   * a {@link WorkflowResult} gives, after polling it to completed, or at once for
   * {@link WorkflowResult.Outcome#ALREADY_CONFIGURED} (whose href is the completed run with these inputs).
   *
   * @throws VcoExecutionFailedException the execution failed
   * @throws IllegalStateException the execution has not ended yet: poll {@link #state} first
   */
  default Map<String, String> outputs(Target target, String executionHref) {
    ExecutionState state = state(target, executionHref).requireSucceeded();
    if (!state.ended()) {
      throw new IllegalStateException("execution " + executionHref + " of '" + state.workflowName()
          + "' is still running: its output parameters are not there yet");
    }
    return state.outputs();
  }
}
