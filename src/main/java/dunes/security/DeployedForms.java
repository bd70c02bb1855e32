package dunes.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.GetDeployedTaskFormCmd;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cmd.GetDeployedStartFormCmd;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.task.listener.DelegateExpressionTaskListener;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinitionQuery;
import org.springframework.stereotype.Component;

/**
 * The Camunda Form the engine shows for a task or a start, as deployed with its process (the
 * {@code camunda:formRef} resolved the engine's own way), reduced to its {@link FormFields}. Looked
 * up whatever the caller may read, so the answer is the same for everyone; a task or start without
 * a Camunda Form lets nobody set anything.
 */
@Component
class DeployedForms {

  /**
   * A task's name, the variables its form lets a person set, its build (the business key) and
   * whether it is an approval under {@link FourEyesRule}.
   */
  record TaskForm(String taskName, Set<String> fields, String build, boolean fourEyes) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ProcessEngineConfigurationImpl engine;

  DeployedForms(ProcessEngine engine) {
    this.engine = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
  }

  /** Empty when there is no such task (the engine then answers the caller itself). */
  Optional<TaskForm> ofTask(String taskId) {
    return run(command -> {
      TaskEntity task = command.getTaskManager().findTaskById(taskId);
      return task == null ? Optional.<TaskForm>empty()
          : Optional.of(new TaskForm(task.getName(), fields(() -> new GetDeployedTaskFormCmd(taskId).execute(command)),
              task.getExecution() == null ? null : task.getExecution().getProcessBusinessKey(), fourEyes(task)));
    });
  }

  Set<String> ofStart(String processDefinitionId) {
    return run(command -> fields(() -> new GetDeployedStartFormCmd(processDefinitionId).execute(command)));
  }

  /** The newest version of {@code key} (of {@code tenantId}, or without tenant), as the REST API picks it. */
  Optional<String> definitionOf(String key, String tenantId) {
    return run(command -> {
      ProcessDefinitionQuery query = engine.getRepositoryService().createProcessDefinitionQuery()
          .processDefinitionKey(key).latestVersion();
      query = tenantId == null ? query.withoutTenantId() : query.tenantIdIn(tenantId);
      return Optional.ofNullable(query.singleResult()).map(ProcessDefinition::getId);
    });
  }

  /** The definitions a message named {@code messageName} starts, newest version of each key. */
  List<String> startedBy(String messageName) {
    return run(command -> engine.getRepositoryService().createProcessDefinitionQuery()
        .messageEventSubscriptionName(messageName).list().stream()
        .collect(Collectors.toMap(ProcessDefinition::getKey, Function.identity(),
            (a, b) -> a.getVersion() >= b.getVersion() ? a : b))
        .values().stream().map(ProcessDefinition::getId).toList());
  }

  private static boolean fourEyes(TaskEntity task) {
    return task.getTaskDefinition() != null && task.getTaskDefinition().getTaskListenersForEvent(TaskListener.EVENTNAME_COMPLETE)
        .stream().anyMatch(listener -> listener instanceof DelegateExpressionTaskListener expression
            && FourEyesRule.LISTENER.equals(expression.getExpressionText()));
  }

  private static Set<String> fields(Supplier<InputStream> form) {
    try (InputStream json = form.get()) {
      return FormFields.editable(JSON.readTree(json));
    } catch (BadUserRequestException noCamundaForm) {
      return Set.of();
    } catch (IOException e) {
      throw new UncheckedIOException("a deployed form is not JSON", e);
    }
  }

  private <T> T run(Function<CommandContext, T> work) {
    return engine.getCommandExecutorTxRequired().execute(command -> command.runWithoutAuthorization(() -> work.apply(command)));
  }
}
