package io.qodex.domain.llm;

import java.util.List;

/** Both windows of a project's caps right now (the spend view's gauges, {@code qodex caps show}). */
public record CapReport(long projectId, ProjectCaps caps, WindowStatus fiveHour, WindowStatus weekly) {

    public List<WindowStatus> windows() {
        return List.of(fiveHour, weekly);
    }

    public WindowStatus window(CapWindow window) {
        return window == CapWindow.FIVE_HOUR ? fiveHour : weekly;
    }

    public boolean warning() {
        return fiveHour.warning() || weekly.warning();
    }
}
