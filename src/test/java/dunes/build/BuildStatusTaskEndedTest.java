package dunes.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.support.DunesIntegrationTest;
import dunes.support.ExampleRequest;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.impl.persistence.entity.TaskEntity;
import org.camunda.bpm.engine.task.TaskQuery;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A task that ends (a cancel, another operator) between the status's task query and the read of
 * its candidate groups: the engine then answers "Cannot find task", which made a cancel answer 500
 * while twenty builds were cancelled at once. The task query here lists a task the engine no
 * longer has, as it would in that moment.
 */
class BuildStatusTaskEndedTest extends DunesIntegrationTest {

  @Autowired CancelRegistry cancels;
  @Autowired ObjectMapper json;

  @Test
  void aTaskThatEndedSinceTheQueryIsNotAnOpenTask() {
    String ticket = ExampleRequest.newTicket();
    assertThat(postAsOperator("/api/builds", ExampleRequest.withTicket(ticket).toString()).statusCode()).isEqualTo(201);
    BuildStatusReader reader = new BuildStatusReader(engine.getHistoryService(), engine.getRuntimeService(),
        listingAnEndedTask(engine.getTaskService()), cancels, json);

    assertThat(reader.find(ticket)).hasValueSatisfying(status -> assertThat(status.openTasks()).isEmpty());
  }

  private static TaskService listingAnEndedTask(TaskService real) {
    TaskQuery query = proxy(TaskQuery.class, null, (self, method, args) ->
        method.getName().equals("list") ? List.of(new TaskEntity("a-task-that-ended")) : self);
    return proxy(TaskService.class, real, (self, method, args) ->
        method.getName().equals("createTaskQuery") ? query : method.invoke(real, args));
  }

  private interface Call {
    Object invoke(Object self, java.lang.reflect.Method method, Object[] args) throws Exception;
  }

  private static <T> T proxy(Class<T> type, Object target, Call call) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
      try {
        return call.invoke(self, method, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }));
  }
}
