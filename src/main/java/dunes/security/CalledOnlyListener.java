package dunes.security;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;

/**
 * The start listener of every stage (CalledOnlyPlugin puts it on each process marked
 * {@code calledOnly}): a start that no call activity made fails, whoever asks, camunda-admin too.
 * A stage trusts the variables its caller hands it; started by hand with another build's request,
 * UndoVSphere would destroy that build's VMs. Builds start as VcoHaBuild or VcoAuthoringWindow.
 */
class CalledOnlyListener implements ExecutionListener {

  @Override
  public void notify(DelegateExecution execution) {
    if (execution.getSuperExecution() == null) {
      String key = execution.getProcessEngineServices().getRepositoryService()
          .getProcessDefinition(execution.getProcessDefinitionId()).getKey();
      throw new AuthorizationException("'" + key + "' runs only as a stage that another Dunes process calls;"
          + " start a build (" + String.join(" or ", AccessMatrix.STARTED) + ") instead");
    }
  }
}
