package dunes.appliance.config;

import dunes.secrets.SecretRef;
import java.util.List;
import java.util.Map;

/**
 * The vCO server's Configuration plug-in workflows, run through its REST API on 8281 (find by name,
 * POST an execution-context, poll the execution). Every run converges: the node's own record of
 * executions is read first, so a retried or replayed step never runs a workflow twice.
 */
public interface VcoConfigPort {

  /**
   * One vCO server as Dunes reaches it.
   *
   * @param host its address (or a name the configured resolver knows)
   * @param port 8281 on a real appliance
   * @param fingerprint SHA-256 of the certificate 8281 serves, the only one trusted
   * @param password the REST login's password secret (user from {@code dunes.appliance.config.username}),
   *     resolved at each call
   */
  record Target(String host, int port, String fingerprint, SecretRef password) {
    public Target {
      if (host == null || host.isBlank() || fingerprint == null || password == null) {
        throw new IllegalArgumentException(
            "a vCO target needs a host, the certificate's fingerprint and the password's secret");
      }
    }

    @Override
    public String toString() {
      return "https://" + host + ":" + port;
    }
  }

  /** {@link #converge(Target, String, List, Match)} of a workflow that sets one configuration: the newest completed run decides. */
  default WorkflowResult converge(Target target, String workflowName, List<Input> inputs) {
    return converge(target, workflowName, inputs, Match.NEWEST_COMPLETED);
  }

  /**
   * Brings the node to "{@code workflowName} has run with {@code inputs}". Finds the workflow by its
   * exact name (exactly one must match), reads its executions, then:
   * <ul>
   *   <li>a running execution has the same inputs → {@link WorkflowResult.Outcome#ADOPTED}, its href to poll;</li>
   *   <li>the newest completed execution ({@link Match#NEWEST_COMPLETED}), or any completed one
   *       ({@link Match#ANY_COMPLETED}), had the same inputs → {@link WorkflowResult.Outcome#ALREADY_CONFIGURED},
   *       nothing is posted ({@link Match#NEVER}: no completed run counts);</li>
   *   <li>otherwise the workflow is started → {@link WorkflowResult.Outcome#STARTED}, the new execution's href.</li>
   * </ul>
   * Inputs compare by name, type and value; SecureString inputs by presence only (a changed password
   * alone does not run the workflow again). Inputs of an execution that {@code inputs} does not name
   * are ignored.
   *
   * @throws VcoWorkflowNotFoundException when no workflow, or more than one, has that name
   */
  WorkflowResult converge(Target target, String workflowName, List<Input> inputs, Match match);

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
