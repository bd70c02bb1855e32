package dunes.support;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.Map;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/** A step's execution for unit tests: its variables and its scope-local variables in two maps the test reads. */
public final class MapExecution {

  private MapExecution() {}

  public static DelegateExecution of(Map<String, Object> variables, Map<String, Object> local) {
    DelegateExecution execution = mock(DelegateExecution.class);
    when(execution.getVariable(anyString())).thenAnswer(i -> variables.get(i.getArgument(0, String.class)));
    doAnswer(i -> variables.put(i.getArgument(0), i.getArgument(1))).when(execution).setVariable(anyString(), any());
    when(execution.getVariableLocal(anyString())).thenAnswer(i -> local.get(i.getArgument(0, String.class)));
    doAnswer(i -> local.put(i.getArgument(0), i.getArgument(1))).when(execution).setVariableLocal(anyString(), any());
    doAnswer(i -> local.remove(i.getArgument(0, String.class))).when(execution).removeVariableLocal(anyString());
    return execution;
  }
}
