package dunes.vsphere;

import com.vmware.vim25.ManagedObjectReference;
import com.vmware.vim25.TaskInfo;
import com.vmware.vim25.TaskInfoState;
import com.vmware.vim25.mo.ServiceInstance;
import java.rmi.RemoteException;
import java.util.Optional;
import java.util.Set;

/**
 * vCenter's recent tasks (TaskManager.recentTask: the tasks of the last minutes, finished or not),
 * read to find a task Dunes asked for but could not record.
 */
final class RecentTasks {

  /**
   * TaskInfo.descriptionId of CloneVM_Task: "VirtualMachine.clone" on vCenter; govmomi's simulator
   * names it after its method, "VirtualMachine.cloneVm".
   */
  static final Set<String> CLONE = Set.of("VirtualMachine.clone", "VirtualMachine.cloneVm");

  private RecentTasks() {}

  /**
   * The newest clone of {@code source} still queued or running, queued at {@code queuedSince} or later,
   * that is none of {@code others}.
   */
  static Optional<Moref> cloneInFlight(ServiceInstance vcenter, Moref source, long queuedSince, Set<Moref> others)
      throws RemoteException {
    Object recent = PropertyReader.read(vcenter, vcenter.getTaskManager().getMOR(), "recentTask").get("recentTask");
    Moref found = null;
    long newest = Long.MIN_VALUE;
    for (ManagedObjectReference task : Values.array(recent, ManagedObjectReference.class)) {
      TaskInfo info = (TaskInfo) PropertyReader.read(vcenter, task, "info").get("info");
      if (info == null || info.getEntity() == null || !CLONE.contains(info.getDescriptionId())
          || !source.equals(Moref.of(info.getEntity())) || others.contains(Moref.of(task))) {
        continue;
      }
      boolean live = info.getState() == TaskInfoState.queued || info.getState() == TaskInfoState.running;
      long queued = info.getQueueTime() == null ? Long.MIN_VALUE : info.getQueueTime().getTimeInMillis();
      if (live && queued >= queuedSince && queued > newest) {
        found = Moref.of(task);
        newest = queued;
      }
    }
    return Optional.ofNullable(found);
  }
}
