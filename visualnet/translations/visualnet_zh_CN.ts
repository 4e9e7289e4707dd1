<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ActivationView</name>
    <message>
        <source>z (pre-activation)</source>
        <translation>z（激活函数的输入）</translation>
    </message>
    <message>
        <source>% of z values</source>
        <translation>z 值占比（%）</translation>
    </message>
</context>
<context>
    <name>Activations</name>
    <message>
        <source>step</source>
        <translation>阶跃函数</translation>
    </message>
    <message>
        <source>sigmoid</source>
        <translation>sigmoid</translation>
    </message>
    <message>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <source>identity</source>
        <translation>恒等函数</translation>
    </message>
    <message>
        <source>ELU</source>
        <translation>ELU</translation>
    </message>
    <message>
        <source>softplus</source>
        <translation>softplus</translation>
    </message>
    <message>
        <source>swish (SiLU)</source>
        <translation>swish（SiLU）</translation>
    </message>
    <message>
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <source>z histogram</source>
        <translation>z 的直方图</translation>
    </message>
    <message>
        <source>No training points: add some to see the pre-activations.</source>
        <translation>没有训练数据点：添加一些点后即可看到激活函数的输入 z。</translation>
    </message>
    <message>
        <source>; {share} of z beyond ±{limit} (edge bars)</source>
        <translation>；{share} 的 z 超出 ±{limit}（两端的柱）</translation>
    </message>
    <message>
        <source>The perceptron fires (w·x + b &gt; 0) on {fire} of {n} training points{tail}.</source>
        <translation>感知机在 {n} 个训练数据点中的 {fire} 个上输出 1（w·x + b &gt; 0）{tail}。</translation>
    </message>
    <message>
        <source>{dead} of {units} ReLUs dead (z ≤ 0 on every training point){tail}.</source>
        <translation>{units} 个 ReLU 中有 {dead} 个已“死亡”（在每个训练数据点上 z ≤ 0）{tail}。</translation>
    </message>
    <message>
        <source>{dead} of {units} leaky ReLUs negative everywhere (z ≤ 0 on every training point){tail}.</source>
        <translation>{units} 个 Leaky ReLU 中有 {dead} 个处处为负（在每个训练数据点上 z ≤ 0）{tail}。</translation>
    </message>
    <message>
        <source>{share} of {name} inputs saturated (|z| &gt; {limit}), {always} of {units} units on every point{tail}.</source>
        <translation>{name} 的输入中有 {share} 已饱和（|z| &gt; {limit}），{units} 个神经元中有 {always} 个在每个点上都饱和{tail}。</translation>
    </message>
    <message>
        <source>{share} of {name} inputs below −{limit}, where its slope is nearly 0; {always} of {units} units there on every point{tail}.</source>
        <translation>{name} 的输入中有 {share} 低于 −{limit}，那里它的斜率几乎为 0；{units} 个神经元中有 {always} 个在每个点上都落在那里{tail}。</translation>
    </message>
    <message>
        <source>Identity: never saturates, but stacked layers stay one linear map{tail}.</source>
        <translation>恒等函数：从不饱和，但多层叠加后仍只是一个线性变换{tail}。</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>visualnet needs a display to open its window, and none was found (DISPLAY and WAYLAND_DISPLAY
are unset). You can:
  - run it on a virtual display:   xvfb-run -a visualnet
  - or render the window to a PNG: visualnet --snapshot out.png [--preset xor] [--steps 200]</source>
        <translation>visualnet 需要图形显示环境才能打开窗口，但没有找到（DISPLAY 和 WAYLAND_DISPLAY
均未设置）。你可以：
  - 在虚拟显示环境中运行：  xvfb-run -a visualnet
  - 或把窗口渲染为 PNG：    visualnet --snapshot out.png [--preset xor] [--steps 200]</translation>
    </message>
    <message>
        <source>expected WIDTHxHEIGHT such as 1600x1000, got {text}</source>
        <translation>应为“宽x高”的形式，例如 1600x1000，而不是 {text}</translation>
    </message>
    <message>
        <source>size {size} is out of range (320x240 to 8000x8000)</source>
        <translation>尺寸 {size} 超出范围（320x240 到 8000x8000）</translation>
    </message>
    <message>
        <source>steps must be a whole number between 0 and 10,000,000</source>
        <translation>迭代次数必须是 0 到 10,000,000 之间的整数</translation>
    </message>
    <message>
        <source>Watch a neural network learn.</source>
        <translation>观察神经网络如何学习。</translation>
    </message>
    <message>
        <source>a session or lesson (.json) or a dataset (.csv) to open</source>
        <translation>要打开的会话或课程（.json），或数据集（.csv）</translation>
    </message>
    <message>
        <source>show the version and exit</source>
        <translation>显示版本号并退出</translation>
    </message>
    <message>
        <source>render the window offscreen to a PNG and exit</source>
        <translation>在屏幕外把窗口渲染为 PNG 后退出</translation>
    </message>
    <message>
        <source>film --steps training iterations offscreen as --frames frames (GIF or MP4) and exit</source>
        <translation>在屏幕外把 --steps 次训练迭代录制为 --frames 帧的动画（GIF 或 MP4）后退出</translation>
    </message>
    <message>
        <source>frames of a --record video (default 40)</source>
        <translation>--record 所录动画的帧数（默认 40）</translation>
    </message>
    <message>
        <source>data preset to start with (e.g. xor, moons, spirals, and)</source>
        <translation>启动时使用的数据预设（如 xor、moons、spirals、and）</translation>
    </message>
    <message>
        <source>training iterations before the snapshot</source>
        <translation>截图前的训练迭代次数</translation>
    </message>
    <message>
        <source>window size for the snapshot, WxH</source>
        <translation>截图的窗口尺寸，宽x高</translation>
    </message>
    <message>
        <source>the colour theme (else the one last chosen in View)</source>
        <translation>配色主题（默认为上次在“视图”菜单中选择的）</translation>
    </message>
    <message>
        <source>large text and thicker lines</source>
        <translation>大号文字和更粗的线条</translation>
    </message>
    <message>
        <source>the language: en (English), zh_CN (简体中文) or system (else the one last chosen in View)</source>
        <translation>界面语言：en（English）、zh_CN（简体中文）或 system（跟随系统）；默认为上次在“视图”菜单中选择的</translation>
    </message>
    <message>
        <source>unknown preset {name}; choose one of: {choices}</source>
        <translation>未知的预设 {name}；可选：{choices}</translation>
    </message>
    <message>
        <source>choose --snapshot or --record, not both</source>
        <translation>--snapshot 和 --record 只能选一个</translation>
    </message>
    <message>
        <source>no folder for the app&apos;s data was found</source>
        <translation>找不到存放应用数据的文件夹</translation>
    </message>
    <message>
        <source>the log cannot be written in {folder} ({why})</source>
        <translation>无法在 {folder} 中写入日志（{why}）</translation>
    </message>
    <message>
        <source>recorded {path} ({frames} frames)</source>
        <translation>已录制 {path}（{frames} 帧）</translation>
    </message>
    <message>
        <source>could not write the snapshot to {path}</source>
        <translation>无法把截图写入 {path}</translation>
    </message>
    <message>
        <source>saved {path} ({size}, {iterations} iterations)</source>
        <translation>已保存 {path}（{size}，{iterations} 次迭代）</translation>
    </message>
</context>
<context>
    <name>ControlPanel</name>
    <message>
        <source>Points</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>A ready-made dataset. Choosing one replaces the points (Ctrl+Z brings yours back).</source>
        <translation>现成的数据集。选择后会替换当前的数据点（按 Ctrl+Z 可找回原来的点）。</translation>
    </message>
    <message>
        <source>How many points the preset makes.</source>
        <translation>预设生成的数据点个数。</translation>
    </message>
    <message>
        <source>How far the points scatter from the clean pattern.</source>
        <translation>数据点偏离理想图案的程度。</translation>
    </message>
    <message>
        <source>How many classes (blobs) or arms (spirals) the preset makes.</source>
        <translation>预设生成的类别数（团簇）或旋臂数（螺旋）。</translation>
    </message>
    <message>
        <source>Classification predicts a class (softmax + cross-entropy); regression predicts a number (identity output + mean squared error).</source>
        <translation>分类预测一个类别（softmax + 交叉熵误差）；回归预测一个数值（恒等函数输出 + 均方误差）。</translation>
    </message>
    <message>
        <source>The class a click adds (keys 1–8). Each class keeps its colour everywhere.</source>
        <translation>单击时添加的数据点的类别（按键 1–8）。每个类别在各处都用同一种颜色。</translation>
    </message>
    <message>
        <source>A perceptron is one step-function neuron (a straight line); an MLP stacks layers of neurons with non-linear activations, so it can bend its boundary.</source>
        <translation>感知机是一个使用阶跃函数的神经元（一条直线）；多层感知机叠加多层使用非线性激活函数的神经元，因此能让决策边界弯曲。</translation>
    </message>
    <message>
        <source>Neurons per hidden layer, comma-separated: &apos;8,8&apos; is two layers of eight.</source>
        <translation>每个隐藏层的神经元个数，用逗号分隔：“8,8”表示两层，每层 8 个。</translation>
    </message>
    <message>
        <source>The non-linear function h(a) each hidden neuron applies to its input a = x·w + b.</source>
        <translation>每个隐藏层神经元作用于其输入 a = x·w + b 的非线性函数 h(a)。</translation>
    </message>
    <message>
        <source>How a gradient becomes a step: SGD steps straight down the gradient; the others add momentum or per-weight step sizes.</source>
        <translation>如何由梯度得到一步更新：SGD 沿梯度方向直接下降；其他方法加入动量，或为每个权重单独调整步长。</translation>
    </message>
    <message>
        <source>The learning rate: how far each step moves the weights along the negative gradient. Too small crawls, too large overshoots and explodes. Changing it never resets training.</source>
        <translation>学习率：每一步沿负梯度方向更新权重的幅度。太小则进展缓慢，太大则会越过最低点甚至发散。修改学习率不会重置训练。</translation>
    </message>
    <message>
        <source>Points per mini-batch: each iteration computes the gradient on this many training points.</source>
        <translation>每个 mini-batch 的数据点数：每次迭代用这么多个训练数据点计算梯度。</translation>
    </message>
    <message>
        <source>How the points are divided: train (learned from), validation (watched while training) and test (judged at the end). 8:2 is train:test, 6:2:2 is train:validation:test.</source>
        <translation>数据点的划分方式：训练集（用于学习）、验证集（训练时观察）和测试集（最后评估）。8:2 表示训练:测试，6:2:2 表示训练:验证:测试。</translation>
    </message>
    <message>
        <source>The random seed for the initial weights, the split and the batch order: same seed, same run.</source>
        <translation>初始权重、数据划分和 mini-batch 顺序所用的随机种子：种子相同，训练过程也相同。</translation>
    </message>
    <message>
        <source>Use 1 to {layers} layers of 1 to {width} neurons, at most {weights} weights in all, e.g. 8,8</source>
        <translation>可用 1 到 {layers} 个隐藏层，每层 1 到 {width} 个神经元，权重总数最多 {weights} 个，例如 8,8</translation>
    </message>
    <message>
        <source>Not taken: {reason}</source>
        <translation>未采用：{reason}</translation>
    </message>
    <message>
        <source>{rule} ({reason})</source>
        <translation>{rule}（{reason}）</translation>
    </message>
    <message>
        <source>{tip} (this is class {n}, key {n})</source>
        <translation>{tip}（这是类别 {n}，按键 {n}）</translation>
    </message>
    <message>
        <source>class {n}</source>
        <translation>类别 {n}</translation>
    </message>
    <message>
        <source>train {train} · validation {val} · test {test}</source>
        <translation>训练 {train} · 验证 {val} · 测试 {test}</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>划分</translation>
    </message>
    <message>
        <source>Hidden layers</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Training iterations per second, on a log scale: 1 to 10 show every step one by one; max trains as fast as the window still draws smoothly. Type a number or &quot;max&quot;.</source>
        <translation>每秒训练迭代次数（对数刻度）：1 到 10 时每一步都逐一显示；“最大”在画面仍然流畅的前提下尽快训练。可以输入数字或 “max”。</translation>
    </message>
    <message>
        <source>Speed (iter/s)</source>
        <translation>速度（迭代/秒）</translation>
    </message>
    <message>
        <source>e.g. 8,8</source>
        <translation>例如 8,8</translation>
    </message>
    <message>
        <source>AND</source>
        <translation>与门（AND）</translation>
    </message>
    <message>
        <source>OR</source>
        <translation>或门（OR）</translation>
    </message>
    <message>
        <source>NAND</source>
        <translation>与非门（NAND）</translation>
    </message>
    <message>
        <source>XOR</source>
        <translation>异或门（XOR）</translation>
    </message>
    <message>
        <source>Blobs</source>
        <translation>团簇</translation>
    </message>
    <message>
        <source>XOR clouds</source>
        <translation>异或点云</translation>
    </message>
    <message>
        <source>Circles</source>
        <translation>同心圆</translation>
    </message>
    <message>
        <source>Moons</source>
        <translation>双月</translation>
    </message>
    <message>
        <source>Spirals</source>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>Sine</source>
        <translation>正弦曲线</translation>
    </message>
    <message>
        <source>Polynomial</source>
        <translation>多项式曲线</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>阶跃曲线</translation>
    </message>
    <message>
        <source>classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>regression</source>
        <translation>回归</translation>
    </message>
    <message>
        <source>Perceptron</source>
        <translation>感知机</translation>
    </message>
    <message>
        <source>MLP</source>
        <translation>多层感知机（MLP）</translation>
    </message>
    <message>
        <source>relu</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>leaky_relu</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <source>sigmoid</source>
        <translation>sigmoid</translation>
    </message>
    <message>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <source>identity</source>
        <translation>恒等函数（identity）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>阶跃函数（step）</translation>
    </message>
    <message>
        <source>elu</source>
        <translation>ELU</translation>
    </message>
    <message>
        <source>softplus</source>
        <translation>softplus</translation>
    </message>
    <message>
        <source>swish</source>
        <translation>swish（SiLU）</translation>
    </message>
    <message>
        <source>gelu</source>
        <translation>GELU</translation>
    </message>
    <message>
        <source>ELU: z for z &gt; 0, e^z − 1 below. Smooth at 0, never dead: its slope e^z only fades for very negative z.</source>
        <translation>ELU：z &gt; 0 时为 z，否则为 e^z − 1。在 0 处平滑，不会“死亡”：它的斜率 e^z 只在 z 很负时才趋于 0。</translation>
    </message>
    <message>
        <source>softplus: log(1 + e^z), a smooth ReLU; its slope is the sigmoid of z.</source>
        <translation>softplus：log(1 + e^z)，一种平滑的 ReLU；它的斜率就是 z 的 sigmoid。</translation>
    </message>
    <message>
        <source>swish, also called SiLU: z · sigmoid(z). Smooth, and dips a little below 0 for negative z.</source>
        <translation>swish，又称 SiLU：z · sigmoid(z)。处处平滑，z 为负时略低于 0。</translation>
    </message>
    <message>
        <source>GELU in its common tanh approximation, gelu_tanh: 0.5 z (1 + tanh(√(2/π) (z + 0.044715 z³))). Like swish, smooth with a small dip below 0.</source>
        <translation>GELU 的常用 tanh 近似 gelu_tanh：0.5 z (1 + tanh(√(2/π) (z + 0.044715 z³)))。与 swish 一样处处平滑，在 0 以下有一个小凹陷。</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>{field}: {reason}</source>
        <translation>{field}：{reason}</translation>
    </message>
    <message>
        <source>reached {rate}/s</source>
        <translation>实际 {rate}/秒</translation>
    </message>
</context>
<context>
    <name>DataEdits</name>
    <message>
        <source>Not changed: {reason}</source>
        <translation>未更改：{reason}</translation>
    </message>
    <message>
        <source>New network: a change of “{setting}” needs fresh weights.</source>
        <translation>新网络：更改“{setting}”需要重新初始化权重。</translation>
    </message>
    <message>
        <source>New network: this setting needs fresh weights.</source>
        <translation>新网络：这项设置需要重新初始化权重。</translation>
    </message>
    <message>
        <source>Not loaded: {count:,} points is more than the {limit:,} a dataset may hold.</source>
        <translation>未载入：{count:,} 个数据点超过了一个数据集的上限 {limit:,} 个。</translation>
    </message>
    <message>
        <source>Lesson {title}</source>
        <translation>课程“{title}”</translation>
    </message>
    <message>
        <source>Could not start the lesson</source>
        <translation>无法开始本课</translation>
    </message>
    <message>
        <source>{title}: {reason}</source>
        <translation>{title}：{reason}</translation>
    </message>
    <message>
        <source>{title}: {watch}</source>
        <translation>{title}：{watch}</translation>
    </message>
    <message>
        <source>Could not open the lesson</source>
        <translation>无法打开课程文件</translation>
    </message>
    <message>
        <source>{name}: {reason}</source>
        <translation>{name}：{reason}</translation>
    </message>
    <message>
        <source>Not added: {reason}</source>
        <translation>未添加：{reason}</translation>
    </message>
</context>
<context>
    <name>DataTools</name>
    <message>
        <source>{tip} ({key})</source>
        <translation>{tip}（{key}）</translation>
    </message>
    <message>
        <source>Radius</source>
        <translation>半径</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>The brush&apos;s radius on screen, in pixels</source>
        <translation>画笔在屏幕上的半径，单位为像素</translation>
    </message>
    <message>
        <source>Strength</source>
        <translation>强度</translation>
    </message>
    <message>
        <source> %</source>
        <translation> %</translation>
    </message>
    <message>
        <source>How fast a brush sprays (10 points a second per %), scatters or pulls</source>
        <translation>画笔喷洒（每 1% 每秒 10 个点）、打散或吸引的快慢</translation>
    </message>
    <message>
        <source>Put</source>
        <translation>放置</translation>
    </message>
    <message>
        <source>Brush</source>
        <translation>画笔</translation>
    </message>
    <message>
        <source>Jitter</source>
        <translation>抖散</translation>
    </message>
    <message>
        <source>Magnet</source>
        <translation>磁铁</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>擦除</translation>
    </message>
    <message>
        <source>Select</source>
        <translation>框选</translation>
    </message>
    <message>
        <source>Click adds a point of the current class, drag moves a point</source>
        <translation>单击添加当前类别的点，拖动可移动一个点</translation>
    </message>
    <message>
        <source>Hold the left button to spray points of the current class around the cursor</source>
        <translation>按住左键，在光标周围喷洒当前类别的点</translation>
    </message>
    <message>
        <source>Hold the left button to scatter the points near the cursor</source>
        <translation>按住左键，打散光标附近的点</translation>
    </message>
    <message>
        <source>Hold the left button to pull the points near the cursor towards it</source>
        <translation>按住左键，把光标附近的点吸向光标</translation>
    </message>
    <message>
        <source>Hold the left button to remove the points near the cursor</source>
        <translation>按住左键，删除光标附近的点</translation>
    </message>
    <message>
        <source>Drag a rectangle to select points (Ctrl+drag adds to the selection)</source>
        <translation>拖出矩形框选点（Ctrl+拖动为追加选择）</translation>
    </message>
</context>
<context>
    <name>DatasetView</name>
    <message>
        <source>Click: add a point · drag a point: move it · right-click: delete it · drag empty space: pan
Shift+drag: select the points in a rectangle (Ctrl+Shift+drag adds to the selection) · Shift+click: select or unselect one point
Dragging a selected point moves them all · Delete removes them · Esc clears · Ctrl+A selects all</source>
        <translation>单击：添加点 · 拖动点：移动它 · 右键单击：删除它 · 拖动空白处：平移
Shift+拖动：框选矩形内的点（Ctrl+Shift+拖动：加入选择）· Shift+单击：选中或取消选中一个点
拖动选中的点会一起移动 · Delete 删除选中的点 · Esc 取消选择 · Ctrl+A 全选</translation>
    </message>
    <message>
        <source>1 point selected</source>
        <translation>已选中 1 个点</translation>
    </message>
    <message>
        <source>{count} points selected</source>
        <translation>已选中 {count} 个点</translation>
    </message>
    <message>
        <source>x (input)</source>
        <translation>x（输入）</translation>
    </message>
    <message>
        <source>t (target)</source>
        <translation>t（目标）</translation>
    </message>
    <message>
        <source>● filled: training · ○ hollow: validation · □ square: test · line: the network&apos;s output y(x)</source>
        <translation>● 实心：训练集 · ○ 空心：验证集 · □ 方块：测试集 · 曲线：网络的输出 y(x)</translation>
    </message>
    <message>
        <source>Each point is an input x and its target t. Training points are filled, validation points hollow circles, test points hollow squares; the line is what the network outputs for each x.</source>
        <translation>每个点是一个输入 x 及其目标 t。训练集的点为实心，验证集的点为空心圆，测试集的点为空心方块；曲线是网络对每个 x 的输出。</translation>
    </message>
    <message>
        <source>● filled: training · ○ hollow: validation · □ square: test · ◯ ringed: misclassified</source>
        <translation>● 实心：训练集 · ○ 空心：验证集 · □ 方块：测试集 · ◯ 圈出：分类错误</translation>
    </message>
    <message>
        <source>Training points are filled, validation points hollow circles, test points hollow squares. A red ring marks a training point the model classifies wrongly at its current weights.</source>
        <translation>训练集的点为实心，验证集的点为空心圆，测试集的点为空心方块。红圈标出在当前权重下被模型分错的训练数据点。</translation>
    </message>
    <message>
        <source>decision field at {nx}×{ny} for this large network</source>
        <translation>此网络较大，决策区域按 {nx}×{ny} 计算</translation>
    </message>
</context>
<context>
    <name>DockLayoutMixin</name>
    <message>
        <source>Controls</source>
        <translation>控制</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Loss curve</source>
        <translation>损失曲线</translation>
    </message>
    <message>
        <source>Loss surface</source>
        <translation>损失曲面</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活值</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Optimizer playground</source>
        <translation>优化器试验场</translation>
    </message>
    <message>
        <source>Network race</source>
        <translation>网络竞赛</translation>
    </message>
    <message>
        <source>Forward-pass inspector</source>
        <translation>前向传播检视器</translation>
    </message>
    <message>
        <source>Gradient check</source>
        <translation>梯度确认</translation>
    </message>
    <message>
        <source>Neuron maps</source>
        <translation>神经元图</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Hidden space</source>
        <translation>隐藏层空间</translation>
    </message>
    <message>
        <source>Activations at initialisation</source>
        <translation>初始化时的激活值</translation>
    </message>
</context>
<context>
    <name>DocumentController</name>
    <message>
        <source>visualnet sessions (*.json);;Datasets (*.csv);;All files (*)</source>
        <translation>visualnet 会话 (*.json);;数据集 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <source>a file is in the way</source>
        <translation>有一个文件挡在路径上</translation>
    </message>
    <message>
        <source>Could not open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <source>Opening {name} was cancelled: nothing changed.</source>
        <translation>已取消打开 {name}：没有任何改动。</translation>
    </message>
    <message>
        <source>Opened {name}.</source>
        <translation>已打开 {name}。</translation>
    </message>
    <message>
        <source>Could not save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>{name} is read-only, so it was not replaced. Save under another name with File &gt; Save As…, or make the file writable first.</source>
        <translation>{name} 是只读文件，因此没有被替换。请用“文件 &gt; 另存为…”以其他名称保存，或先让该文件可写。</translation>
    </message>
    <message>
        <source>Saving {name}…</source>
        <translation>正在保存 {name}…</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Saving {name} was cancelled: the file on disk is as it was.</source>
        <translation>已取消保存 {name}：磁盘上的文件保持原样。</translation>
    </message>
    <message>
        <source>Saved {name}.</source>
        <translation>已保存 {name}。</translation>
    </message>
    <message>
        <source>{name}: {problem}</source>
        <translation>{name}：{problem}</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>no folder for the app&apos;s data was found (is HOME set?)</source>
        <translation>找不到存放应用数据的文件夹（是否设置了 HOME？）</translation>
    </message>
    <message>
        <source>the data folder {folder} cannot be made ({problem})</source>
        <translation>无法创建数据文件夹 {folder}（{problem}）</translation>
    </message>
    <message>
        <source>the data folder {folder} cannot be written</source>
        <translation>数据文件夹 {folder} 不可写入</translation>
    </message>
    <message>
        <source>The autosave could not be restored</source>
        <translation>无法恢复自动保存</translation>
    </message>
    <message>
        <source>the old autosave {path} could not be moved aside</source>
        <translation>无法把旧的自动保存 {path} 移到一旁</translation>
    </message>
    <message>
        <source>{name} could not be restored ({problem}) nor moved aside ({reason}). It is left as it was: {path}</source>
        <translation>{name} 无法恢复（{problem}），也无法移到一旁（{reason}）。它保持原样：{path}</translation>
    </message>
    <message>
        <source>{name} could not be restored: {problem}. It was kept as {aside}; visualnet started without it.</source>
        <translation>{name} 无法恢复：{problem}。它已另存为 {aside}；visualnet 未载入它而启动。</translation>
    </message>
    <message>
        <source>the last run</source>
        <translation>上次运行</translation>
    </message>
    <message>
        <source>Restored your session from {when}.</source>
        <translation>已恢复你在 {when} 的会话。</translation>
    </message>
    <message>
        <source>visualnet was closed unexpectedly: recovered your work from {when}.</source>
        <translation>visualnet 意外关闭：已恢复你在 {when} 的工作。</translation>
    </message>
    <message>
        <source>{name} could not be deleted: {problem}</source>
        <translation>无法删除 {name}：{problem}</translation>
    </message>
</context>
<context>
    <name>EditAction</name>
    <message>
        <source>Redo {edit}</source>
        <translation>重做 {edit}</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Undo {edit}</source>
        <translation>撤销 {edit}</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <source>{error} in {file}:{line} ({function})</source>
        <translation>{error}（位于 {file}:{line}，{function}）</translation>
    </message>
    <message>
        <source>visualnet hit an unexpected error and paused training. Your data is untouched and you can keep working.

{error}

The details are in {log}.</source>
        <translation>visualnet 遇到意外错误，已暂停训练。你的数据没有受到影响，可以继续使用。

{error}

详细信息见 {log}。</translation>
    </message>
    <message>
        <source>visualnet hit an unexpected error and paused training. Your data is untouched and you can keep working.

{error}</source>
        <translation>visualnet 遇到意外错误，已暂停训练。你的数据没有受到影响，可以继续使用。

{error}</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <source>Error: {error}</source>
        <translation>错误：{error}</translation>
    </message>
</context>
<context>
    <name>ExportMenu</name>
    <message>
        <source>Record training as GIF</source>
        <translation>将训练录制为 GIF</translation>
    </message>
    <message>
        <source>One frame every few iterations; played at {fps} frames a second</source>
        <translation>每隔几次迭代录一帧；以每秒 {fps} 帧播放</translation>
    </message>
    <message>
        <source>The whole window (else the data view)</source>
        <translation>整个窗口（否则只录数据视图）</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <source>Iterations per frame</source>
        <translation>每帧迭代次数</translation>
    </message>
    <message>
        <source>{kind} (*{suffix});;All files (*)</source>
        <translation>{kind} (*{suffix});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>{problem}.</source>
        <translation>{problem}。</translation>
    </message>
    <message>
        <source>Cannot write {path}: {problem}.</source>
        <translation>无法写入 {path}：{problem}。</translation>
    </message>
    <message>
        <source>Export cancelled: no file written</source>
        <translation>已取消导出：没有写入文件</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Writing {name}…</source>
        <translation>正在写入 {name}…</translation>
    </message>
    <message>
        <source>Export PNG</source>
        <translation>导出 PNG</translation>
    </message>
    <message>
        <source>Export SVG</source>
        <translation>导出 SVG</translation>
    </message>
    <message>
        <source>MP4 needs ffmpeg</source>
        <translation>MP4 需要 ffmpeg</translation>
    </message>
    <message>
        <source>An MP4 cannot be written here: {problem}.

Record an animated GIF instead?</source>
        <translation>此处无法写入 MP4：{problem}。

改为录制 GIF 动画吗？</translation>
    </message>
    <message>
        <source>MP4 export unavailable: {problem}</source>
        <translation>无法导出 MP4：{problem}</translation>
    </message>
    <message>
        <source>Record training as MP4</source>
        <translation>将训练录制为 MP4</translation>
    </message>
    <message>
        <source>MP4 video</source>
        <translation>MP4 视频</translation>
    </message>
    <message>
        <source>Animated GIF</source>
        <translation>GIF 动画</translation>
    </message>
    <message>
        <source>Saved {n} frames to {path}</source>
        <translation>已将 {n} 帧保存到 {path}</translation>
    </message>
    <message>
        <source>Recording cancelled: no file written</source>
        <translation>已取消录制：没有写入文件</translation>
    </message>
    <message>
        <source>Export as Python script</source>
        <translation>导出为 Python 脚本</translation>
    </message>
    <message>
        <source>Python scripts</source>
        <translation>Python 脚本</translation>
    </message>
    <message>
        <source>Saved {path}: it repeats these {steps} iterations with visualnet.core</source>
        <translation>已保存 {path}：它用 visualnet.core 重现这 {steps} 次迭代</translation>
    </message>
    <message>
        <source>Export the data view</source>
        <translation>导出数据视图</translation>
    </message>
    <message>
        <source>PNG images</source>
        <translation>PNG 图像</translation>
    </message>
    <message>
        <source>SVG drawings</source>
        <translation>SVG 矢量图</translation>
    </message>
    <message>
        <source>Export the window</source>
        <translation>导出窗口</translation>
    </message>
    <message>
        <source>Export the weights</source>
        <translation>导出权重</translation>
    </message>
    <message>
        <source>NumPy archives</source>
        <translation>NumPy 归档</translation>
    </message>
    <message>
        <source>CSV files</source>
        <translation>CSV 文件</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Data view as PNG…</source>
        <translation>数据视图（PNG）…</translation>
    </message>
    <message>
        <source>Data view as SVG…</source>
        <translation>数据视图（SVG）…</translation>
    </message>
    <message>
        <source>Window as PNG…</source>
        <translation>窗口（PNG）…</translation>
    </message>
    <message>
        <source>Weights as NumPy .npz…</source>
        <translation>权重（NumPy .npz）…</translation>
    </message>
    <message>
        <source>Weights as CSV…</source>
        <translation>权重（CSV）…</translation>
    </message>
    <message>
        <source>Training as animated GIF…</source>
        <translation>训练过程（GIF 动画）…</translation>
    </message>
    <message>
        <source>Training as MP4 video…</source>
        <translation>训练过程（MP4 视频）…</translation>
    </message>
    <message>
        <source>Python script…</source>
        <translation>Python 脚本…</translation>
    </message>
</context>
<context>
    <name>FileCommandsMixin</name>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open {name}</source>
        <translation>打开 {name}</translation>
    </message>
    <message>
        <source>Could not open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <source>{name}: {problem}</source>
        <translation>{name}：{problem}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Opened {name}; {notes}.</source>
        <translation>已打开 {name}；{notes}。</translation>
    </message>
    <message>
        <source>{name} — visualnet</source>
        <translation>{name} — visualnet</translation>
    </message>
    <message>
        <source>visualnet — watch a neural network learn</source>
        <translation>visualnet — 观察神经网络如何学习</translation>
    </message>
    <message>
        <source>Restore unsaved work</source>
        <translation>恢复未保存的工作</translation>
    </message>
    <message>
        <source>Restored the unsaved work ({what}).</source>
        <translation>已恢复未保存的工作（{what}）。</translation>
    </message>
    <message>
        <source>The last autosave failed: {problem}. Click to save the session to a file; this stays until an autosave succeeds.</source>
        <translation>上一次自动保存失败：{problem}。点击可将会话保存到文件；在自动保存成功之前，此提示会一直显示。</translation>
    </message>
    <message>
        <source>Autosave failed: {problem}</source>
        <translation>自动保存失败：{problem}</translation>
    </message>
    <message>
        <source>Autosave and the log are off</source>
        <translation>自动保存和日志已关闭</translation>
    </message>
    <message>
        <source>Autosave is off</source>
        <translation>自动保存已关闭</translation>
    </message>
    <message>
        <source>The log is off</source>
        <translation>日志已关闭</translation>
    </message>
    <message>
        <source>{what}: {problem}. visualnet works, but keeps nothing by itself: save your work with File &gt; Save.</source>
        <translation>{what}：{problem}。visualnet 仍可使用，但不会自动保留任何内容：请用“文件 &gt; 保存”保存你的工作。</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>The changes in this window are not saved to a file, and no autosave keeps them once it closes. Save them first?</source>
        <translation>此窗口中的更改尚未保存到文件，关闭后也没有自动保存会保留它们。要先保存吗？</translation>
    </message>
</context>
<context>
    <name>Formula</name>
    <message>
        <source>at character {position}: {reason}</source>
        <translation>第 {position} 个字符处：{reason}</translation>
    </message>
    <message>
        <source>the number {number} is too large (the largest is about {largest})</source>
        <translation>数字 {number} 太大（最大约为 {largest}）</translation>
    </message>
    <message>
        <source>nested too deeply (more than {n} levels)</source>
        <translation>嵌套太深（超过 {n} 层）</translation>
    </message>
    <message>
        <source>&apos;)&apos; without a matching &apos;(&apos;</source>
        <translation>“)”没有对应的“(”</translation>
    </message>
    <message>
        <source>expected &apos;)&apos; to close the &apos;(&apos; at character {n}, found the end of the formula</source>
        <translation>第 {n} 个字符处的“(”缺少闭合的“)”，公式就结束了</translation>
    </message>
    <message>
        <source>the formula ends too early</source>
        <translation>公式不完整</translation>
    </message>
    <message>
        <source>{name} needs an argument in parentheses: {name}(x)</source>
        <translation>{name} 需要用括号给出参数：{name}(x)</translation>
    </message>
    <message>
        <source>{name} takes one argument</source>
        <translation>{name} 只接受一个参数</translation>
    </message>
    <message>
        <source>expected &apos;)&apos; to close {name}(, found the end of the formula</source>
        <translation>{name}( 缺少闭合的“)”，公式就结束了</translation>
    </message>
    <message>
        <source>malformed number &apos;{number}&apos;</source>
        <translation>数字“{number}”的写法有误</translation>
    </message>
    <message>
        <source>missing operator between &apos;{before}&apos; and &apos;{after}&apos; (write {product})</source>
        <translation>“{before}”和“{after}”之间缺少运算符（请写成 {product}）</translation>
    </message>
    <message>
        <source>expected &apos;)&apos; to close the &apos;(&apos; at character {n}, found &apos;{found}&apos;</source>
        <translation>此处应为“)”，以闭合第 {n} 个字符处的“(”，却是“{found}”</translation>
    </message>
    <message>
        <source>&apos;.&apos; after &apos;{name}&apos;: attribute access is not allowed</source>
        <translation>“{name}”后面有“.”：不允许访问属性</translation>
    </message>
    <message>
        <source>unknown function &apos;{name}&apos;; allowed: {names}</source>
        <translation>未知函数“{name}”；可用的函数：{names}</translation>
    </message>
    <message>
        <source>expected &apos;)&apos; to close {name}(, found &apos;{found}&apos;</source>
        <translation>此处应为“)”，以闭合 {name}(，却是“{found}”</translation>
    </message>
    <message>
        <source>unknown name &apos;{name}&apos;; use x, y, pi, e or a function</source>
        <translation>未知名称“{name}”；请使用 x、y、pi、e 或函数</translation>
    </message>
    <message>
        <source>unexpected &apos;{token}&apos;</source>
        <translation>此处不应出现“{token}”</translation>
    </message>
    <message>
        <source>&apos;.&apos; is only allowed inside a number (attribute access is not allowed)</source>
        <translation>“.”只能用在数字中（不允许访问属性）</translation>
    </message>
    <message>
        <source>quotes are not allowed: a formula has no strings</source>
        <translation>不允许使用引号：公式中没有字符串</translation>
    </message>
    <message>
        <source>&apos;,&apos; is not allowed: functions take one argument</source>
        <translation>不允许使用“,”：函数只接受一个参数</translation>
    </message>
    <message>
        <source>{char} is not allowed: use ( and ) for grouping</source>
        <translation>不允许使用 {char}：请用“(”和“)”分组</translation>
    </message>
    <message>
        <source>character {char} is not allowed</source>
        <translation>不允许使用字符 {char}</translation>
    </message>
    <message>
        <source>a formula must be text</source>
        <translation>公式必须是文本</translation>
    </message>
    <message>
        <source>too long ({n} characters; at most {limit})</source>
        <translation>太长（{n} 个字符；最多 {limit} 个）</translation>
    </message>
    <message>
        <source>the formula is empty</source>
        <translation>公式为空</translation>
    </message>
</context>
<context>
    <name>ForwardInspector</name>
    <message>
        <source>Alt+click or Alt+hover in the data view, click a point, or type the coordinates: the pass of that point, with the numbers of this step.</source>
        <translation>在数据视图中 Alt+单击或按住 Alt 悬停、单击一个数据点，或输入坐标：显示该点的前向传播，数值取自当前这一步。</translation>
    </message>
    <message>
        <source>Mini-batch</source>
        <translation>mini-batch</translation>
    </message>
    <message>
        <source>Show the pass of the last mini-batch as matrices: A = XW + B for all N rows at once.</source>
        <translation>以矩阵显示上一个 mini-batch 的前向传播：A = XW + B 一次算出全部 N 行。</translation>
    </message>
    <message>
        <source>Overflow (+1000)</source>
        <translation>溢出（+1000）</translation>
    </message>
    <message>
        <source>Push the scores by +1000: the naive softmax overflows, the stable one gives the same probabilities.</source>
        <translation>所有输出加上 1000：直接计算的softmax会溢出，防溢出的写法得到同样的概率。</translation>
    </message>
    <message>
        <source>Copy as NumPy</source>
        <translation>复制为 NumPy 代码</translation>
    </message>
    <message>
        <source>Copy Python code that reproduces these numbers with numpy.</source>
        <translation>复制能用 numpy 重现这些数值的 Python 代码。</translation>
    </message>
    <message>
        <source>The input x of the point to inspect</source>
        <translation>要查看的点的输入 x</translation>
    </message>
    <message>
        <source>The first input x₁ of the point to inspect</source>
        <translation>要查看的点的第一个输入 x₁</translation>
    </message>
    <message>
        <source>The target t of the point (a loss needs a data point)</source>
        <translation>该点的目标值 t（损失只对数据点计算）</translation>
    </message>
    <message>
        <source>The second input x₂ of the point to inspect</source>
        <translation>要查看的点的第二个输入 x₂</translation>
    </message>
    <message>
        <source>No mini-batch yet: take a training step, then the pass of the batch it used is shown here.</source>
        <translation>还没有 mini-batch：训练一步后，这里会显示该步所用那一批的前向传播。</translation>
    </message>
    <message>
        <source>No point chosen yet: Alt+click in the data view, or type x₁ and x₂ above.</source>
        <translation>尚未选择点：在数据视图中 Alt+单击，或在上方输入 x₁ 和 x₂。</translation>
    </message>
</context>
<context>
    <name>FrameBudget</name>
    <message>
        <source>The {k} live panels together take more than {budget} ms a frame: they take turns, each refreshing every {seconds} s.</source>
        <translation>这 {k} 个实时面板每帧合计需要超过 {budget} ms：它们轮流刷新，每个面板每 {seconds} 秒刷新一次。</translation>
    </message>
</context>
<context>
    <name>GradientCheck</name>
    <message>
        <source>backpropagation</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <source>formula</source>
        <translation>公式</translation>
    </message>
    <message>
        <source>numerical (h = 1e-4)</source>
        <translation>数值微分（h = 1e-4）</translation>
    </message>
    <message>
        <source>error {error}</source>
        <translation>误差 {error}</translation>
    </message>
    <message>
        <source>the last mini-batch ({n} points)</source>
        <translation>上一个 mini-batch（{n} 个点）</translation>
    </message>
    <message>
        <source>the first {n} training points (no step yet)</source>
        <translation>前 {n} 个训练数据点（尚未训练）</translation>
    </message>
    <message>
        <source>Iteration {iteration}, on {batch}: relative error {error}. {verdict}</source>
        <translation>迭代 {iteration}，在{batch}上：相对误差 {error}。{verdict}</translation>
    </message>
    <message>
        <source>Backpropagation agrees with the numerical gradient.</source>
        <translation>反向传播与数值梯度一致。</translation>
    </message>
    <message>
        <source>Close: a kink (ReLU, step) within h of a point makes the two differ a little.</source>
        <translation>接近：某个点离折点（ReLU、阶跃函数）不到 h，两者略有差别。</translation>
    </message>
    <message>
        <source>They disagree: the gradient is wrong, or a kink lies within h of a point.</source>
        <translation>两者不一致：梯度有误，或某个点离折点不到 h。</translation>
    </message>
    <message>
        <source>{n} pre-activations lie within h of the kink at 0 (biases start at 0, and a unit that is off everywhere passes exactly 0 on): there the central difference straddles the kink and the two gradients differ. Train a few steps and check again.</source>
        <translation>有 {n} 个激活函数的输入离 0 处的折点不到 h（偏置初始为 0，处处不激活的神经元会原样传出 0）：在那里中心差分跨过了折点，两种梯度因此不同。训练几步后再检验一次。</translation>
    </message>
    <message>
        <source>{n} weights lie within h of 0, where L1&apos;s |W| has a kink (L1 pulls weights to 0 and keeps them near it): there the central difference straddles the kink and the two gradients differ.</source>
        <translation>有 {n} 个权重与 0 的距离小于 h，而 L1 的 |W| 在 0 处有一个折点（L1 把权重拉向 0 并让它们停在附近）：在那里中心差分跨过了折点，两个梯度因此不同。</translation>
    </message>
    <message>
        <source>The numerical gradient here is of −log(y + 1e-7), backpropagation&apos;s of −log y: they differ by about 1e-7 / y.</source>
        <translation>这里的数值梯度取自 −log(y + 1e-7)，反向传播的梯度取自 −log y：两者相差约 1e-7 / y。</translation>
    </message>
    <message>
        <source>The perceptron criterion mean((y − t)·a) has a kink where a point lies on the line; elsewhere the two agree.</source>
        <translation>感知机的准则 mean((y − t)·a) 在点恰好落在直线上时有折点；其他情况下两者一致。</translation>
    </message>
    <message>
        <source>{cell}: backpropagation {backprop}, numerical {numerical}, difference {difference}</source>
        <translation>{cell}：反向传播 {backprop}，数值微分 {numerical}，差 {difference}</translation>
    </message>
    <message>
        <source>Hover a cell to read both of its values.</source>
        <translation>将鼠标移到格子上，可读出它的两个值。</translation>
    </message>
    <message>
        <source>No training points to check the gradient on.</source>
        <translation>没有训练数据点，无法检验梯度。</translation>
    </message>
    <message>
        <source>The check takes {ms} ms, over the budget of {budget} ms a frame: it runs at most every {seconds} s.</source>
        <translation>一次检验耗时 {ms} ms，超过每帧 {budget} ms 的预算：最多每 {seconds} 秒运行一次。</translation>
    </message>
    <message>
        <source>h = {h}: f&apos;(5) ≈ {central} (central), {forward} (forward); exact 0.2.</source>
        <translation>h = {h}：f&apos;(5) ≈ {central}（中心差分），{forward}（前向差分）；精确值 0.2。</translation>
    </message>
    <message>
        <source>5 + h == 5 in float64, so f(5 + h) − f(5 − h) = 0: the numerical derivative is 0.</source>
        <translation>在 float64 中 5 + h == 5，所以 f(5 + h) − f(5 − h) = 0：数值导数为 0。</translation>
    </message>
    <message>
        <source>Loss along {weight}: numerical {numerical}, backprop {exact}.</source>
        <translation>沿 {weight} 的损失：数值微分 {numerical}，反向传播 {exact}。</translation>
    </message>
</context>
<context>
    <name>GradientCheckView</name>
    <message>
        <source>Backprop vs numerical</source>
        <translation>反向传播与数值梯度</translation>
    </message>
    <message>
        <source>The step h</source>
        <translation>步长 h</translation>
    </message>
    <message>
        <source>Check now</source>
        <translation>立即检验</translation>
    </message>
    <message>
        <source>Compute both gradients on the last mini-batch at the current weights</source>
        <translation>在当前权重下，用上一个 mini-batch 计算两种梯度</translation>
    </message>
    <message>
        <source>Check every N steps</source>
        <translation>每 N 步检验一次</translation>
    </message>
    <message>
        <source>Check again while training; a check that costs more than its share of a frame runs less often</source>
        <translation>训练时反复检验；一次检验若超出它在每帧中的时间份额，就减少检验次数</translation>
    </message>
    <message>
        <source>N = </source>
        <translation>N = </translation>
    </message>
    <message>
        <source>Book&apos;s loss −log(y + 1e-7)</source>
        <translation>书中的损失 −log(y + 1e-7)</translation>
    </message>
    <message>
        <source>Differentiate the book&apos;s cross-entropy −log(y + 1e-7) numerically. Backpropagation&apos;s (y − t) / N is the derivative of −log y, so off, the numerical gradient is of −log y; on, a point whose class has a small probability y shows the 1e-7 as an error of about 1e-7 / y.</source>
        <translation>对书中的交叉熵误差 −log(y + 1e-7) 求数值微分。反向传播给出的 (y − t) / N 是 −log y 的导数，所以关闭时数值梯度取自 −log y；打开时，若某个点所属类别的概率 y 很小，这个 1e-7 会表现为约 1e-7 / y 的误差。</translation>
    </message>
    <message>
        <source>Relative error of a block: max |a − b| / max(|a| + |b|) over its entries, a the backpropagation gradient and b the numerical one. Below 1e-6 they agree.</source>
        <translation>参数块的相对误差：对块内各元素取 max |a − b| / max(|a| + |b|)，a 为反向传播求得的梯度，b 为数值梯度。小于 1e-6 即为一致。</translation>
    </message>
    <message>
        <source>Each row has one colour scale for both gradients, ±m in its title: white is 0, blue positive, orange negative.</source>
        <translation>每一行的两个梯度共用一个颜色刻度，±m 标在标题中：白色为 0，蓝色为正，橙色为负。</translation>
    </message>
    <message>
        <source>Press Check now to compare backpropagation with the numerical gradient.</source>
        <translation>点击“立即检验”，比较反向传播与数值梯度。</translation>
    </message>
</context>
<context>
    <name>HSweepPanel</name>
    <message>
        <source>|numerical − exact|</source>
        <translation>|数值微分 − 精确值|</translation>
    </message>
    <message>
        <source>f&apos;(5), central difference</source>
        <translation>f&apos;(5)，中心差分</translation>
    </message>
    <message>
        <source>f&apos;(5), forward difference</source>
        <translation>f&apos;(5)，前向差分</translation>
    </message>
    <message>
        <source>loss along one weight, central</source>
        <translation>沿一个权重的损失，中心差分</translation>
    </message>
    <message>
        <source>f(x) = 0.01x² + 0.1x at x = 5 (exact 0.2). A large h leaves a truncation error, a tiny one a rounding error; an error of 0 is drawn at 1e-20.</source>
        <translation>x = 5 处的 f(x) = 0.01x² + 0.1x（精确值 0.2）。h 太大会留下截断误差，h 太小会产生舍入误差；误差为 0 时画在 1e-20 处。</translation>
    </message>
    <message>
        <source>The step h of the numerical derivative, 1e-50 … 1e-1</source>
        <translation>数值微分的步长 h，1e-50 … 1e-1</translation>
    </message>
</context>
<context>
    <name>HiddenSpaceView</name>
    <message>
        <source>Next pair</source>
        <translation>下一对</translation>
    </message>
    <message>
        <source>Show the next two neurons of this layer</source>
        <translation>显示这一层的下两个神经元</translation>
    </message>
    <message>
        <source>The hidden layer whose neurons make the plane</source>
        <translation>其神经元构成这个平面的隐藏层</translation>
    </message>
    <message>
        <source>Hidden layer</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>Each grid line is a straight line of the input plane, bent by the layers up to {name}</source>
        <translation>每条网格线都是输入平面上的一条直线，被直到 {name} 的各层弯折</translation>
    </message>
    <message>
        <source>The perceptron has no hidden layer: there is no hidden space to show. Choose an MLP.</source>
        <translation>感知机没有隐藏层：没有可显示的隐藏层空间。请选择多层感知机（MLP）。</translation>
    </message>
    <message>
        <source>The hidden space is drawn for classification with two inputs (the grid is the input plane).</source>
        <translation>隐藏层空间用于两个输入的分类（网格就是输入平面）。</translation>
    </message>
    <message>
        <source>This network has no hidden layer: there is no hidden space to show. Add a hidden layer.</source>
        <translation>这个网络没有隐藏层：没有可显示的隐藏层空间。请添加一个隐藏层。</translation>
    </message>
    <message>
        <source>Layer {name} has one neuron: a plane needs two. Choose another layer, or give this one more neurons.</source>
        <translation>{name} 层只有一个神经元：一个平面需要两个。请选择另一层，或给这一层更多神经元。</translation>
    </message>
    <message>
        <source>{x} vs {y}</source>
        <translation>{x} 对 {y}</translation>
    </message>
    <message>
        <source>{shown} of the {n} points are drawn (a fixed sample).</source>
        <translation>绘制了 {n} 个数据点中的 {shown} 个（固定的样本）。</translation>
    </message>
    <message>
        <source>One update takes {ms} ms, over the budget of {budget} ms: the plane refreshes every {seconds} s.</source>
        <translation>一次更新需要 {ms} ms，超出了 {budget} ms 的预算：平面每 {seconds} 秒刷新一次。</translation>
    </message>
</context>
<context>
    <name>InitHistogramsView</name>
    <message>
        <source>Initialisation</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>The weights the histograms are computed with: the session&apos;s own, or the same network (same seed) initialised another way</source>
        <translation>计算直方图所用的权重：本会话自己的初始权重，或同一网络（相同随机种子）换一种方式初始化</translation>
    </message>
    <message>
        <source>Use this initialisation</source>
        <translation>使用此初始化</translation>
    </message>
    <message>
        <source>Give the session&apos;s network this initialisation (a new network: fresh weights, training starts again)</source>
        <translation>让本会话的网络使用此初始化（新网络：重新生成权重，训练从头开始）</translation>
    </message>
    <message>
        <source>% of values</source>
        <translation>值的占比 (%)</translation>
    </message>
    <message>
        <source>The perceptron has no hidden layer: there are no activations to show. Choose an MLP.</source>
        <translation>感知机没有隐藏层：没有激活值可显示。请选择多层感知机。</translation>
    </message>
    <message>
        <source>This network has no hidden layer: there are no activations to show. Add a hidden layer.</source>
        <translation>这个网络没有隐藏层：没有激活值可显示。请添加一个隐藏层。</translation>
    </message>
    <message>
        <source>This session&apos;s ({init})</source>
        <translation>本会话的（{init}）</translation>
    </message>
    <message>
        <source>auto: {name}</source>
        <translation>自动：{name}</translation>
    </message>
    <message>
        <source>He</source>
        <translation>He</translation>
    </message>
    <message>
        <source>Xavier</source>
        <translation>Xavier</translation>
    </message>
    <message>
        <source>zeros</source>
        <translation>全零</translation>
    </message>
    <message>
        <source>Each hidden layer&apos;s activations at initialisation: every unit&apos;s value at each point of a {n} × {n} grid over the input plane.</source>
        <translation>各隐藏层在初始化时的激活值：每个神经元在输入平面上 {n} × {n} 网格的每个点上的值。</translation>
    </message>
    <message>
        <source>Each hidden layer&apos;s activations at initialisation: every unit&apos;s value at each of {n:,} inputs along the x axis.</source>
        <translation>各隐藏层在初始化时的激活值：每个神经元在 x 轴上 {n:,} 个输入点的每一个上的值。</translation>
    </message>
    <message>
        <source>Every unit computes the same value: one bar.</source>
        <translation>每个神经元都算出同一个值：只有一根柱。</translation>
    </message>
    <message>
        <source>{name}: mean {mean:.2g}, std {std:.2g}</source>
        <translation>{name}：均值 {mean:.2g}，标准差 {std:.2g}</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>Layer {i}: A{i} = {x} · W{i} + b{i}</source>
        <translation>第 {i} 层：A{i} = {x} · W{i} + b{i}</translation>
    </message>
    <message>
        <source>Activation: Z{i} = h(A{i}), h = {name}</source>
        <translation>激活函数：Z{i} = h(A{i})，h = {name}</translation>
    </message>
    <message>
        <source>Output scores: y = A{i} (identity output)</source>
        <translation>输出：y = A{i}（恒等函数）</translation>
    </message>
    <message>
        <source>softmax, the stable way: subtract the maximum c, exponentiate, divide by the sum</source>
        <translation>softmax函数（防溢出的写法）：先减去最大值 c，再取指数，最后除以总和</translation>
    </message>
    <message>
        <source>The probabilities of each row sum to {total}.</source>
        <translation>每一行的概率之和为 {total}。</translation>
    </message>
    <message>
        <source>Predicted class: {k}.</source>
        <translation>预测类别：{k}。</translation>
    </message>
    <message>
        <source>Predicted classes: {classes}</source>
        <translation>预测类别：{classes}</translation>
    </message>
    <message>
        <source>The predicted class needs no softmax: softmax keeps the order of the scores, so argmax of the scores is the same class.</source>
        <translation>求预测类别不需要softmax函数：softmax函数不改变各输出的大小关系，所以对输出直接取 argmax 得到的就是同一个类别。</translation>
    </message>
    <message>
        <source>Loss of this point (cross-entropy, label t = {t}): E = −log(p_t + 1e-7) = −log({p} + 1e-7) = {loss}</source>
        <translation>该点的损失（交叉熵误差，标签 t = {t}）：E = −log(p_t + 1e-7) = −log({p} + 1e-7) = {loss}</translation>
    </message>
    <message>
        <source>Loss of the batch (cross-entropy): E = −(1/N) Σ log(p_t + 1e-7) = {loss}</source>
        <translation>该批的损失（交叉熵误差）：E = −(1/N) Σ log(p_t + 1e-7) = {loss}</translation>
    </message>
    <message>
        <source>Loss of this point (squared error, target t = {t}): E = ½ Σ (y − t)² = ½ ({y} − {t})² = {loss}</source>
        <translation>该点的损失（均方误差，目标 t = {t}）：E = ½ Σ (y − t)² = ½ ({y} − {t})² = {loss}</translation>
    </message>
    <message>
        <source>Loss of the batch (squared error): E = (1/N) Σ ½ Σ (y − t)² = {loss}</source>
        <translation>该批的损失（均方误差）：E = (1/N) Σ ½ Σ (y − t)² = {loss}</translation>
    </message>
    <message>
        <source>This point has no label: pick a point of the data to see its loss.</source>
        <translation>该点没有标签：选择一个数据点即可查看它的损失。</translation>
    </message>
    <message>
        <source>Overflow: the same scores + 1000. The naive exp(s) / Σ exp(s) overflows (inf, nan in red); the stable softmax gives the same probabilities as before: adding a constant changes nothing.</source>
        <translation>溢出：同样的输出都加上 1000。直接计算 exp(s) / Σ exp(s) 会溢出（红色的 inf、nan）；防溢出的softmax函数得到的概率和原来完全一样：加上一个常数不改变结果。</translation>
    </message>
    <message>
        <source>naive</source>
        <translation>直接计算</translation>
    </message>
    <message>
        <source>stable</source>
        <translation>防溢出</translation>
    </message>
    <message>
        <source>Perceptron: a = x · w + b, y = 1 if a &gt; 0 else 0</source>
        <translation>感知机：a = x · w + b，a &gt; 0 时 y = 1，否则 y = 0</translation>
    </message>
    <message>
        <source>a = {a}, so y = {y}.</source>
        <translation>a = {a}，所以 y = {y}。</translation>
    </message>
    <message>
        <source>Label t = {t} = y: the rule would not update on this point.</source>
        <translation>标签 t = {t} = y：学习规则不会因该点而更新。</translation>
    </message>
    <message>
        <source>Label t = {t} ≠ y: the rule would update, w ← w + η (t − y) x = w + ({dw}), b ← b + η (t − y) = b + ({db}), with η = {lr}.</source>
        <translation>标签 t = {t} ≠ y：学习规则会更新，w ← w + η (t − y) x = w + ({dw})，b ← b + η (t − y) = b + ({db})，其中 η = {lr}。</translation>
    </message>
    <message>
        <source>The rule would update on {n} of these {total} points.</source>
        <translation>在这 {total} 个点中，学习规则会因其中 {n} 个点而更新。</translation>
    </message>
    <message>
        <source>A training step takes the mean over its mini-batch of {b} points: this point alone moves w and b by 1/{b} of that.</source>
        <translation>训练的一步取其 mini-batch（{b} 个数据点）上的平均：单看这一个点，它使 w 和 b 只移动上述的 1/{b}。</translation>
    </message>
    <message>
        <source>Input features: the network takes {labels}, computed from each point (x₁, x₂).</source>
        <translation>输入特征：网络接收的是 {labels}，由每个点 (x₁, x₂) 计算得到。</translation>
    </message>
    <message>
        <source>Dropout at evaluation: every unit stays on, and Z{i} is multiplied by 1 − {ratio} = {keep}, as the book&apos;s Dropout layer does.</source>
        <translation>评估时的随机失活：所有神经元都保留，Z{i} 乘以 1 − {ratio} = {keep}，与书中的随机失活（Dropout）层相同。</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>No Simplified Chinese font is installed, so Chinese text may show as boxes. Install one (Debian/Ubuntu: sudo apt install fonts-noto-cjk; Fedora: google-noto-sans-cjk-fonts; Windows and macOS have one) and start visualnet again.</source>
        <translation>未安装简体中文字体，中文可能显示为方框。请安装一种（Debian/Ubuntu：sudo apt install fonts-noto-cjk；Fedora：google-noto-sans-cjk-fonts；Windows 和 macOS 已自带），然后重新启动 visualnet。</translation>
    </message>
</context>
<context>
    <name>Layout</name>
    <message>
        <source>The saved layout did not fit this screen (a view was too small or off-screen): the default layout is back.</source>
        <translation>保存的布局不适合此屏幕（某个视图太小或在屏幕之外）：已恢复默认布局。</translation>
    </message>
</context>
<context>
    <name>Lesson</name>
    <message>
        <source>the weights tool needs the Perceptron model</source>
        <translation>权重工具需要感知机（Perceptron）模型</translation>
    </message>
</context>
<context>
    <name>LessonFile</name>
    <message>
        <source>an object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>a decimal number</source>
        <translation>小数</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>{where}: expected {expected}, not {got}</source>
        <translation>{where}：应为{expected}，而不是{got}</translation>
    </message>
    <message>
        <source>{where}: unknown key &quot;{key}&quot;; the keys are {choices}</source>
        <translation>{where}：未知的键“{key}”；可用的键：{choices}</translation>
    </message>
    <message>
        <source>{where}: the key &quot;{key}&quot; is missing</source>
        <translation>{where}：缺少键“{key}”</translation>
    </message>
    <message>
        <source>{where}: the text is empty</source>
        <translation>{where}：文本为空</translation>
    </message>
    <message>
        <source>{where}: {value} is outside {low} to {high}</source>
        <translation>{where}：{value} 不在 {low} 到 {high} 之间</translation>
    </message>
    <message>
        <source>{where}: &quot;{value}&quot; is not one of {choices}</source>
        <translation>{where}：“{value}”不是可选值；请从 {choices} 中选择</translation>
    </message>
    <message>
        <source>{where}: the English text (&quot;en&quot;) is missing</source>
        <translation>{where}：缺少英文文本（&quot;en&quot;）</translation>
    </message>
    <message>
        <source>{where}: give 1 to {most} points</source>
        <translation>{where}：请给出 1 到 {most} 个数据点</translation>
    </message>
    <message>
        <source>{where}: a point is [x1, x2, label]</source>
        <translation>{where}：数据点的格式是 [x1, x2, label]</translation>
    </message>
    <message>
        <source>unknown settings: {names}</source>
        <translation>未知的设置：{names}</translation>
    </message>
    <message>
        <source>{where}: {problem}</source>
        <translation>{where}：{problem}</translation>
    </message>
    <message>
        <source>setup: give either a &quot;preset&quot; or &quot;points&quot;</source>
        <translation>setup：请给出 &quot;preset&quot; 或 &quot;points&quot; 中的一个</translation>
    </message>
    <message>
        <source>setup.config.model: a perceptron classifies; {preset} is regression data</source>
        <translation>setup.config.model：感知机只能做分类；{preset} 是回归数据</translation>
    </message>
    <message>
        <source>setup.config.model: a perceptron separates two classes only</source>
        <translation>setup.config.model：感知机只能区分两个类别</translation>
    </message>
    <message>
        <source>{where}: the list is empty</source>
        <translation>{where}：列表为空</translation>
    </message>
    <message>
        <source>{where}: &quot;{value}&quot; is not a check; choose from {choices}</source>
        <translation>{where}：“{value}”不是检查类型；请从 {choices} 中选择</translation>
    </message>
    <message>
        <source>{where}: &quot;{op}&quot; compares numbers; choose a key from {choices}</source>
        <translation>{where}：“{op}”只能比较数值；请从 {choices} 中选择键</translation>
    </message>
    <message>
        <source>{where}: the task id &quot;{value}&quot; is used twice</source>
        <translation>{where}：任务 id“{value}”重复使用</translation>
    </message>
    <message>
        <source>this is not a visualnet lesson: it has no &quot;visualnet_lesson&quot; key</source>
        <translation>这不是 visualnet 课程文件：缺少 &quot;visualnet_lesson&quot; 键</translation>
    </message>
    <message>
        <source>this lesson needs a newer visualnet (lesson format {version}; this one reads format {format})</source>
        <translation>这个课程需要更新版本的 visualnet（课程格式 {version}；当前版本只能读取格式 {format}）</translation>
    </message>
    <message>
        <source>visualnet_lesson: expected {format}, not {value}</source>
        <translation>visualnet_lesson：应为 {format}，而不是 {value}</translation>
    </message>
    <message>
        <source>the lesson file could not be read: {problem}</source>
        <translation>无法读取课程文件：{problem}</translation>
    </message>
    <message>
        <source>the lesson file is larger than {limit} bytes</source>
        <translation>课程文件超过 {limit} 字节</translation>
    </message>
    <message>
        <source>the lesson file is not UTF-8 text</source>
        <translation>课程文件不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>the lesson file is not valid JSON: {problem} (line {line}, column {column})</source>
        <translation>课程文件不是有效的 JSON：{problem}（第 {line} 行，第 {column} 列）</translation>
    </message>
</context>
<context>
    <name>LessonView</name>
    <message>
        <source>&lt;b&gt;The idea.&lt;/b&gt; {text}</source>
        <translation>&lt;b&gt;要点：&lt;/b&gt;{text}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Watch.&lt;/b&gt; {text}</source>
        <translation>&lt;b&gt;观察：&lt;/b&gt;{text}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Your tasks&lt;/b&gt; (ticked when the app sees them done)</source>
        <translation>&lt;b&gt;你的任务&lt;/b&gt;（完成后自动打勾）</translation>
    </message>
    <message>
        <source>Press &lt;b&gt;Start this lesson&lt;/b&gt; to set it up; then the app checks your tasks.</source>
        <translation>点击&lt;b&gt;开始本课&lt;/b&gt;载入本课，之后程序会检查你的任务。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Well done!&lt;/b&gt; That was the last lesson.</source>
        <translation>&lt;b&gt;做得好！&lt;/b&gt;这是最后一课。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Well done!&lt;/b&gt; Every task is done. Go on with &lt;b&gt;Next&lt;/b&gt;.</source>
        <translation>&lt;b&gt;做得好！&lt;/b&gt;所有任务都已完成。点击&lt;b&gt;下一课&lt;/b&gt;继续。</translation>
    </message>
    <message>
        <source>Not read: {reason}</source>
        <translation>无法识别：{reason}</translation>
    </message>
</context>
<context>
    <name>LongTasks</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>LossCurve</name>
    <message>
        <source>No loss yet: add training points.</source>
        <translation>还没有损失：请添加训练数据点。</translation>
    </message>
    <message>
        <source>iteration {n}</source>
        <translation>迭代 {n}</translation>
    </message>
    <message>
        <source>accuracy {values}</source>
        <translation>准确率 {values}</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>val</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>val loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>test loss</source>
        <translation>测试损失</translation>
    </message>
    <message>
        <source>train acc</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>val acc</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>test acc</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>train data loss</source>
        <translation>训练数据损失</translation>
    </message>
    <message>
        <source>penalty</source>
        <translation>惩罚项</translation>
    </message>
    <message>
        <source>data loss + penalty</source>
        <translation>数据损失 + 惩罚项</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>penalty {value}</source>
        <translation>惩罚项 {value}</translation>
    </message>
    <message>
        <source>previous run</source>
        <translation>上一次训练</translation>
    </message>
    <message>
        <source>previous run ({settings})</source>
        <translation>上一次训练（{settings}）</translation>
    </message>
    <message>
        <source>hidden {value}</source>
        <translation>隐藏层 {value}</translation>
    </message>
    <message>
        <source>seed {value}</source>
        <translation>随机种子 {value}</translation>
    </message>
    <message>
        <source>init {value}</source>
        <translation>初始化 {value}</translation>
    </message>
    <message>
        <source>inputs {value}</source>
        <translation>输入 {value}</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>zeros</source>
        <translation>全零</translation>
    </message>
    <message>
        <source>perceptron</source>
        <translation>感知机</translation>
    </message>
    <message>
        <source>MLP</source>
        <translation>多层感知机</translation>
    </message>
</context>
<context>
    <name>LossCurveView</name>
    <message>
        <source>log loss</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>The loss on a logarithmic axis: late, small improvements stay visible</source>
        <translation>损失用对数坐标显示：后期的微小改进也看得见</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>The learning rate in use at each iteration, on its own logarithmic axis at the right: see a schedule lower it</source>
        <translation>每次迭代所用的学习率，画在右侧它自己的对数坐标轴上：可以看到学习率调度如何降低它</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>迭代</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
</context>
<context>
    <name>LossSurface</name>
    <message>
        <source>Surface and arrow use a fixed random sample of {sample} of the {n} training points.</source>
        <translation>曲面和箭头使用从 {n} 个训练数据点中固定随机抽取的 {sample} 个点。</translation>
    </message>
    <message>
        <source>Uses a fixed random sample of {sample} of the {n} training points.</source>
        <translation>使用从 {n} 个训练数据点中固定随机抽取的 {sample} 个点。</translation>
    </message>
    <message>
        <source>random directions need a weight matrix: choose an MLP</source>
        <translation>随机方向需要权重矩阵：请选择多层感知机（MLP）</translation>
    </message>
    <message>
        <source>train a few steps first: the plane follows the training path</source>
        <translation>请先训练几步：该平面由训练路径决定</translation>
    </message>
    <message>
        <source>this network is too large for its training path to be recorded</source>
        <translation>此网络太大，无法记录其训练路径</translation>
    </message>
    <message>
        <source>Two parameters</source>
        <translation>两个参数</translation>
    </message>
    <message>
        <source>Exact: the loss as two chosen parameters vary, every other one held</source>
        <translation>精确：所选两个参数变化时的损失，其余参数保持不变</translation>
    </message>
    <message>
        <source>Random directions</source>
        <translation>随机方向</translation>
    </message>
    <message>
        <source>A plane through the current weights along two random directions, filter-normalised (Li et al., 2018) and orthonormal</source>
        <translation>经过当前权重、沿两个随机方向的平面；两个方向经过滤波器归一化且标准正交</translation>
    </message>
    <message>
        <source>PCA of the path</source>
        <translation>路径的 PCA</translation>
    </message>
    <message>
        <source>The plane of the training path&apos;s first two principal components, through the current weights</source>
        <translation>经过当前权重、由训练路径的前两个主成分张成的平面</translation>
    </message>
    <message>
        <source>1-D line</source>
        <translation>一维直线</translation>
    </message>
    <message>
        <source>The loss along the straight line from the initial to the current weights</source>
        <translation>从初始权重到当前权重的直线上的损失</translation>
    </message>
    <message>
        <source>No loss surface: {problem}.</source>
        <translation>无法显示损失曲面：{problem}。</translation>
    </message>
    <message>
        <source>No loss line: {problem}.</source>
        <translation>无法显示损失直线：{problem}。</translation>
    </message>
    <message>
        <source>choose two different parameters</source>
        <translation>请选择两个不同的参数</translation>
    </message>
    <message>
        <source>Random directions (seed {seed}), filter-normalised, orthonormal, through the current weights; the path projected on them.</source>
        <translation>随机方向（随机种子 {seed}），经过滤波器归一化且标准正交，经过当前权重；路径为在其上的投影。</translation>
    </message>
    <message>
        <source>The path&apos;s two main directions, through the current weights; the path projected on them.</source>
        <translation>路径的两个主方向，经过当前权重；路径为在其上的投影。</translation>
    </message>
    <message>
        <source>{name} fixed at its current value.</source>
        <translation>{name} 固定为当前值。</translation>
    </message>
    <message>
        <source>Other {n} parameters fixed at their current values.</source>
        <translation>其余 {n} 个参数固定为当前值。</translation>
    </message>
    <message>
        <source> Arrow = next step −lr·∇L {factor}.</source>
        <translation>箭头 = 下一步 −lr·∇L {factor}。</translation>
    </message>
    <message>
        <source>{n}×{n}, coarser for this many weights and points</source>
        <translation>{n}×{n}，因权重和数据点较多而较粗</translation>
    </message>
    <message>
        <source> Surface refreshed every {steps} steps ({size}, {ms} ms).</source>
        <translation>曲面每 {steps} 步刷新一次（{size}，{ms} ms）。</translation>
    </message>
    <message>
        <source> Surface at {size}.</source>
        <translation>曲面分辨率 {size}。</translation>
    </message>
    <message>
        <source> Surface from {steps} steps ago.</source>
        <translation>曲面为 {steps} 步之前的状态。</translation>
    </message>
    <message>
        <source>The loss on the straight line from the initial weights (t = 0) to the current ones (t = 1), and {extend} beyond.</source>
        <translation>从初始权重（t = 0）到当前权重（t = 1）的直线上的损失，两端各延伸 {extend}。</translation>
    </message>
    <message>
        <source> {n} points along it, fewer for this many weights and points.</source>
        <translation>沿线取 {n} 个点，因权重和数据点较多而较少。</translation>
    </message>
    <message>
        <source>α   (1 = the length of the weights)</source>
        <translation>α   （1 = 权重的长度）</translation>
    </message>
    <message>
        <source>{update}   the slope is negative: stepping against it increases {name}</source>
        <translation>{update}&#x3000;斜率为负：逆着斜率走，{name} 增大</translation>
    </message>
    <message>
        <source>{update}   the slope is positive: stepping against it decreases {name}</source>
        <translation>{update}&#x3000;斜率为正：逆着斜率走，{name} 减小</translation>
    </message>
    <message>
        <source>{update}   the slope is zero: {name} stays where it is</source>
        <translation>{update}&#x3000;斜率为零：{name} 保持不变</translation>
    </message>
    <message>
        <source>g is the slope over all {n} training points; a training step takes it over a mini-batch of {batch}, so its g differs a little.</source>
        <translation>这里的 g 是全部 {n} 个训练数据上的斜率；训练的一步只用一个含 {batch} 个数据的 mini-batch 求 g，所以会略有不同。</translation>
    </message>
    <message>
        <source>This is plain SGD&apos;s rule; {optimizer} shapes its steps differently.</source>
        <translation>这是普通 SGD 的更新规则；{optimizer} 的每一步另有算法。</translation>
    </message>
</context>
<context>
    <name>LossSurfaceView</name>
    <message>
        <source>Loss surface mode</source>
        <translation>损失曲面模式</translation>
    </message>
    <message>
        <source>What the loss is shown over</source>
        <translation>损失随什么变化</translation>
    </message>
    <message>
        <source>and</source>
        <translation>和</translation>
    </message>
    <message>
        <source>New directions</source>
        <translation>换方向</translation>
    </message>
    <message>
        <source>Draw two other random directions</source>
        <translation>另取两个随机方向</translation>
    </message>
    <message>
        <source>3-D</source>
        <translation>3D</translation>
    </message>
    <message>
        <source>Gradient field</source>
        <translation>梯度场</translation>
    </message>
    <message>
        <source>−∇L as arrows over a grid: the way down from every point, as the book draws the gradient of x0² + x1². Two parameters: their two partial derivatives, every other weight held; a plane: the gradient projected on its two directions. One scale for all arrows: the longest fills a cell.</source>
        <translation>把 −∇L 画成网格上的箭头：从每一点往下走的方向，就像书中画 x0² + x1² 的梯度那样。两个参数：它们的两个偏导数，其余权重保持不变；平面：梯度在平面两个方向上的投影。所有箭头用同一比例：最长的箭头占满一格。</translation>
    </message>
    <message>
        <source>The next gradient-descent step of the two parameters, numbers filled in: W ← W − η·g, with η the learning rate (lr) and g = ∂L/∂W the slope of the training loss along W (the red arrow&apos;s gradient). The minus sign sends every step against the slope: downhill.</source>
        <translation>这两个参数按梯度下降法走的下一步，代入了数值：W ← W − η·g，其中 η 是学习率（lr），g = ∂L/∂W 是训练损失沿 W 方向的斜率（即红色箭头所用的梯度）。减号让每一步都逆着斜率走，也就是往下坡走。</translation>
    </message>
    <message>
        <source>Show the surface in 3-D (drag to turn it)</source>
        <translation>以 3D 显示曲面（拖动可旋转）</translation>
    </message>
    <message>
        <source>3-D is not available: {problem}.</source>
        <translation>3D 不可用：{problem}。</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>t   (0 = initial weights, 1 = now)</source>
        <translation>t   （0 = 初始权重，1 = 当前）</translation>
    </message>
    <message>
        <source>initial</source>
        <translation>初始</translation>
    </message>
    <message>
        <source>now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>The next step, written out (a taller panel shows it under the plot):</source>
        <translation>下一步的更新，写出数值（面板更高时显示在图下方）：</translation>
    </message>
    <message>
        <source>training loss + penalty</source>
        <translation>训练损失 + 惩罚项</translation>
    </message>
    <message>
        <source>No 3-D: {problem}.</source>
        <translation>无 3D：{problem}。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>The default layout is back.</source>
        <translation>已恢复默认布局。</translation>
    </message>
</context>
<context>
    <name>MenusMixin</name>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>One training iteration: forward, loss, backward, update (S)</source>
        <translation>一次训练迭代：前向传播、计算损失、反向传播、更新参数（S）</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>New initial weights from the seed; the data stay (R)</source>
        <translation>按随机种子生成新的初始权重，数据保持不变（R）</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected points, or else the point under the mouse</source>
        <translation>删除选中的点；没有选中时，删除鼠标下的点</translation>
    </message>
    <message>
        <source>Select all points</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Select every point (Shift+drag selects those in a rectangle)</source>
        <translation>选中所有点（Shift+拖动可框选矩形内的点）</translation>
    </message>
    <message>
        <source>Select none</source>
        <translation>取消选择</translation>
    </message>
    <message>
        <source>Clear the selection</source>
        <translation>清除选择</translation>
    </message>
    <message>
        <source>Clear all points</source>
        <translation>清除所有点</translation>
    </message>
    <message>
        <source>Remove every point (undoable)</source>
        <translation>删除所有点（可撤销）</translation>
    </message>
    <message>
        <source>Fit view to data</source>
        <translation>缩放视图以适应数据</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>打开…</translation>
    </message>
    <message>
        <source>Open a session (.json) or a dataset (.csv)</source>
        <translation>打开会话（.json）或数据集（.csv）</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save the session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Save the session (.json) or just the points (.csv)</source>
        <translation>保存会话（.json），或只保存数据点（.csv）</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>About visualnet</source>
        <translation>关于 visualnet</translation>
    </message>
    <message>
        <source>Optimizer playground</source>
        <translation>优化器试验场</translation>
    </message>
    <message>
        <source>Six optimizers racing on a 2-D function</source>
        <translation>六种优化器在二维函数上比赛</translation>
    </message>
    <message>
        <source>Network race</source>
        <translation>网络竞赛</translation>
    </message>
    <message>
        <source>Several optimizers training the network from the same weights</source>
        <translation>多种优化器从相同的权重出发训练网络</translation>
    </message>
    <message>
        <source>Forward-pass inspector</source>
        <translation>前向传播检视器</translation>
    </message>
    <message>
        <source>One point&apos;s forward pass with the numbers of this step: A = XW + B, h(A), softmax, the loss (Alt+click a point)</source>
        <translation>一个数据点的前向传播，带有当前这一步的数值：A = XW + B、h(A)、softmax、损失（按住 Alt 单击数据点）</translation>
    </message>
    <message>
        <source>Gradient check</source>
        <translation>梯度确认</translation>
    </message>
    <message>
        <source>Backpropagation against the numerical gradient, block by block</source>
        <translation>逐个参数块比较误差反向传播法与数值微分求出的梯度</translation>
    </message>
    <message>
        <source>Neuron maps</source>
        <translation>神经元图</translation>
    </message>
    <message>
        <source>Every neuron&apos;s output over the input plane; hover a map to see it large in the data view</source>
        <translation>每个神经元在输入平面上的输出；将鼠标悬停在某张图上可在数据视图中放大查看</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>True against predicted class on the training, validation or test set, with each class&apos;s precision and recall</source>
        <translation>训练集、验证集或测试集上真实类别与预测类别的对照，以及每个类别的精确率和召回率</translation>
    </message>
    <message>
        <source>Hidden space</source>
        <translation>隐藏层空间</translation>
    </message>
    <message>
        <source>The data and the input grid as two neurons of a hidden layer see them, bending as it trains</source>
        <translation>隐藏层中两个神经元眼中的数据与输入网格，随训练而弯折</translation>
    </message>
    <message>
        <source>Activations at initialisation</source>
        <translation>初始化时的激活值</translation>
    </message>
    <message>
        <source>Each hidden layer&apos;s activations with the initial weights, and with He, Xavier, a given σ or zeros: why a bad initialisation fails</source>
        <translation>各隐藏层在初始权重下的激活值，以及用 He、Xavier、给定 σ 或全零初始化时的激活值：看不好的初始化为何失败</translation>
    </message>
    <message>
        <source>Reset layout</source>
        <translation>重置布局</translation>
    </message>
    <message>
        <source>Put every panel back where it starts, sized for this window</source>
        <translation>把每个面板放回初始位置，并按此窗口调整大小</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>The course&apos;s ideas as ready-made setups</source>
        <translation>把课程中的概念做成现成的设置</translation>
    </message>
    <message>
        <source>Light theme</source>
        <translation>浅色主题</translation>
    </message>
    <message>
        <source>Dark text on light panels</source>
        <translation>浅色面板上的深色文字</translation>
    </message>
    <message>
        <source>Dark theme</source>
        <translation>深色主题</translation>
    </message>
    <message>
        <source>Light text on dark panels, for a dark room</source>
        <translation>深色面板上的浅色文字，适合光线较暗的房间</translation>
    </message>
    <message>
        <source>System theme</source>
        <translation>跟随系统主题</translation>
    </message>
    <message>
        <source>Light or dark, as the operating system is</source>
        <translation>浅色或深色，与操作系统一致</translation>
    </message>
    <message>
        <source>Projector mode</source>
        <translation>投影模式</translation>
    </message>
    <message>
        <source>Large text and thicker lines, readable from the back row</source>
        <translation>大号文字和更粗的线条，后排也能看清</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统语言</translation>
    </message>
    <message>
        <source>The operating system&apos;s language, if visualnet speaks it; else English</source>
        <translation>操作系统的语言（若 visualnet 支持）；否则为 English</translation>
    </message>
    <message>
        <source>Class {n}</source>
        <translation>类别 {n}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play / pause training (Space)</source>
        <translation>开始 / 暂停训练（Space）</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Classes</source>
        <translation>类别(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>&lt;b&gt;visualnet {version}&lt;/b&gt;&lt;p&gt;Watch a neural network learn.&lt;/p&gt;</source>
        <translation>&lt;b&gt;visualnet {version}&lt;/b&gt;&lt;p&gt;观察神经网络如何学习。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>Metrics</name>
    <message>
        <source>A confusion matrix is for classification: it counts which class the network predicts for the points of each class. These data are a regression (a curve to fit): see the loss curve instead.</source>
        <translation>混淆矩阵用于分类：它统计神经网络把每个类别的数据点预测为哪个类别。这些数据是回归问题（要拟合一条曲线）：请查看损失曲线。</translation>
    </message>
    <message>
        <source>No points in this set: add points, or choose a split with one.</source>
        <translation>该集合中没有数据点：请添加数据点，或选择包含该集合的划分。</translation>
    </message>
    <message>
        <source>{count} points of class {true} predicted as class {predicted}</source>
        <translation>类别 {true} 的 {count} 个数据点被预测为类别 {predicted}</translation>
    </message>
    <message>
        <source>{count} points of class {true} predicted as class {predicted} (right)</source>
        <translation>类别 {true} 的 {count} 个数据点被预测为类别 {predicted}（正确）</translation>
    </message>
    <message>
        <source>1 point of class {true} predicted as class {predicted}</source>
        <translation>类别 {true} 的 1 个数据点被预测为类别 {predicted}</translation>
    </message>
    <message>
        <source>1 point of class {true} predicted as class {predicted} (right)</source>
        <translation>类别 {true} 的 1 个数据点被预测为类别 {predicted}（正确）</translation>
    </message>
    <message>
        <source>Accuracy {percent}% ({right} of {n} points right)</source>
        <translation>准确率 {percent}%（{n} 个数据点中 {right} 个正确）</translation>
    </message>
</context>
<context>
    <name>MetricsView</name>
    <message>
        <source>Predicted class →</source>
        <translation>预测类别 →</translation>
    </message>
    <message>
        <source>← True class</source>
        <translation>← 真实类别</translation>
    </message>
    <message>
        <source>Rows: the points&apos; true class. Columns: the class the network predicts. The diagonal (framed) counts the points classified right; a darker cell holds more points. Click a cell to select its points.</source>
        <translation>行：数据点的真实类别。列：神经网络预测的类别。对角线（带边框）上是分类正确的数据点个数；单元格颜色越深，其中的数据点越多。点击单元格可选中其中的数据点。</translation>
    </message>
    <message>
        <source>Precision: of the points predicted as this class, the share that are of it. Recall: of the points of this class, the share predicted as it. F1: their harmonic mean. — : no such points.</source>
        <translation>精确率：被预测为该类别的数据点中，真正属于该类别的比例。召回率：该类别的数据点中，被预测为该类别的比例。F1：两者的调和平均数。—：没有这样的数据点。</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>验证集</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>{n} points in this set; a set without points cannot be chosen</source>
        <translation>该集合中有 {n} 个数据点；没有数据点的集合不能选择</translation>
    </message>
    <message>
        <source>Updated every {seconds} s: one update takes {ms} ms.</source>
        <translation>每 {seconds} 秒更新一次：一次更新需要 {ms} ms。</translation>
    </message>
    <message>
        <source>Hover a cell to read it; click it to select its points.</source>
        <translation>将鼠标悬停在单元格上可查看其含义；点击可选中其中的数据点。</translation>
    </message>
</context>
<context>
    <name>ModelOptions</name>
    <message>
        <source>x₁: the point&apos;s horizontal coordinate, as it is.</source>
        <translation>x₁：点的横坐标，原样输入。</translation>
    </message>
    <message>
        <source>x₂: the point&apos;s vertical coordinate, as it is.</source>
        <translation>x₂：点的纵坐标，原样输入。</translation>
    </message>
    <message>
        <source>x₁²: large far left and far right alike. With x₂² a single neuron can draw a circle.</source>
        <translation>x₁²：在最左和最右都很大。配合 x₂²，单个神经元就能画出一个圆。</translation>
    </message>
    <message>
        <source>x₂²: large far up and far down alike. With x₁² a single neuron can draw a circle.</source>
        <translation>x₂²：在最上和最下都很大。配合 x₁²，单个神经元就能画出一个圆。</translation>
    </message>
    <message>
        <source>x₁x₂: positive in the top-right and bottom-left quarters, negative in the other two: XOR in one number.</source>
        <translation>x₁x₂：在右上和左下象限为正，在另外两个象限为负：一个数就表达了异或。</translation>
    </message>
    <message>
        <source>sin x₁: waves along x₁, for stripes and spirals.</source>
        <translation>sin x₁：沿 x₁ 方向起伏的波，适合条纹和螺旋。</translation>
    </message>
    <message>
        <source>sin x₂: waves along x₂, for stripes and spirals.</source>
        <translation>sin x₂：沿 x₂ 方向起伏的波，适合条纹和螺旋。</translation>
    </message>
    <message>
        <source>The inputs the network is given: each toggle feeds it one number computed from the point (x₁, x₂). The input layer has one neuron per input. Changing them builds a new network (fresh weights).</source>
        <translation>送入网络的输入：每个开关提供一个由点 (x₁, x₂) 计算出的数。输入层每个输入对应一个神经元。修改后会新建网络（重新初始化权重）。</translation>
    </message>
    <message>
        <source>Input features are for an MLP classifying points of the plane: a perceptron and regression (one input x) use the inputs as they are.</source>
        <translation>输入特征用于对平面上的点做分类的多层感知机：感知机和回归（只有一个输入 x）直接使用原始输入。</translation>
    </message>
    <message>
        <source>Inputs: keep at least one; the network needs an input.</source>
        <translation>输入：至少保留一个；网络需要输入。</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>He</source>
        <translation>He</translation>
    </message>
    <message>
        <source>Xavier</source>
        <translation>Xavier</translation>
    </message>
    <message>
        <source>σ =</source>
        <translation>σ =</translation>
    </message>
    <message>
        <source>zeros</source>
        <translation>全零</translation>
    </message>
    <message>
        <source>He for ReLU and its relatives, Xavier for the others.</source>
        <translation>ReLU 及其同类用 He 初始值，其他激活函数用 Xavier 初始值。</translation>
    </message>
    <message>
        <source>He: σ = √(2/n) for a layer of n inputs. ReLU zeroes half of its inputs; twice Xavier&apos;s variance makes up for it.</source>
        <translation>He 初始值：对有 n 个输入的层取 σ = √(2/n)。ReLU 会把一半的输入变成 0，用 Xavier 两倍的方差来弥补。</translation>
    </message>
    <message>
        <source>Xavier: σ = √(1/n) for a layer of n inputs, so each layer&apos;s outputs spread about as much as its inputs (sigmoid, tanh).</source>
        <translation>Xavier 初始值：对有 n 个输入的层取 σ = √(1/n)，使每层输出的分布范围与输入大致相同（适合 sigmoid、tanh）。</translation>
    </message>
    <message>
        <source>The same standard deviation σ for every layer (the box beside). 0.01 makes the signal fade layer after layer; 1 pushes sigmoid to 0 and 1, where its slope vanishes.</source>
        <translation>每一层使用同一个标准差 σ（见旁边的输入框）。0.01 会让信号逐层衰减；1 会把 sigmoid 推向 0 和 1，那里的斜率几乎为 0。</translation>
    </message>
    <message>
        <source>Every weight 0: the neurons of a layer start equal, get equal gradients and stay equal. The network learns no more than one neuron per layer.</source>
        <translation>所有权重为 0：同一层的神经元起点相同、梯度相同，始终保持相同。网络每层实际上只能学到一个神经元。</translation>
    </message>
    <message>
        <source>How the first weights are drawn: at random around 0, with a standard deviation σ. Too small and the activations fade toward 0, too large and sigmoid saturates; He and Xavier choose σ from the number of inputs of each layer. Changing it draws new weights.</source>
        <translation>权重初始值的生成方式：在 0 附近随机取值，标准差为 σ。太小则激活值逐渐趋于 0，太大则 sigmoid 饱和；He 和 Xavier 初始值根据每层的输入个数选择 σ。修改后会重新生成权重。</translation>
    </message>
    <message>
        <source>A perceptron starts from w = 0, b = 0: the initial weights are an MLP&apos;s setting.</source>
        <translation>感知机从 w = 0, b = 0 开始：权重初始值是多层感知机的设置。</translation>
    </message>
    <message>
        <source>σ, the standard deviation of every initial weight (choose σ = in the list to use it).</source>
        <translation>σ：每个初始权重的标准差（在列表中选择“σ =”才会使用）。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>L2</source>
        <translation>L2</translation>
    </message>
    <message>
        <source>L1</source>
        <translation>L1</translation>
    </message>
    <message>
        <source>A penalty on large weights, added to the loss: training then prefers small weights, and overfits less. L2, the book&apos;s weight decay, adds λ/2·ΣW² over every weight matrix (not the biases): each step also shrinks each weight by lr·λ·W. L1 adds λ·Σ|W| and pulls small weights to exactly 0. It changes while training: the weights stay.</source>
        <translation>对较大的权重施加惩罚，加到损失函数上：训练因此偏向较小的权重，不易过拟合。L2 即书中的权值衰减，对所有权重矩阵（不含偏置）加上 λ/2·ΣW²：每一步还会让每个权重减少 lr·λ·W。L1 加上 λ·Σ|W|，会把较小的权重压到正好为 0。可在训练中修改：权重保持不变。</translation>
    </message>
    <message>
        <source>λ, the strength of the penalty. 0.0001 to 0.01 is usual; a large λ pulls every weight toward 0 and the boundary flattens. It changes while training: the weights stay.</source>
        <translation>λ：惩罚的强度。常用 0.0001 到 0.01；λ 太大会把所有权重拉向 0，决策边界变得平坦。可在训练中修改：权重保持不变。</translation>
    </message>
    <message>
        <source>Dropout ratio per hidden layer, comma-separated: &apos;0.5, 0&apos; switches off each neuron of the first hidden layer with probability 0.5 at every training step, and none of the second. The field, the loss and the accuracy use every neuron, its output times (1 − ratio), as the book&apos;s Dropout layer does. At most 0.9 each; empty is none. It changes while training: the weights stay.</source>
        <translation>每个隐藏层的随机失活比率，用逗号分隔：“0.5, 0”表示每个训练步中第一个隐藏层的每个神经元以 0.5 的概率被关闭，第二层不关闭。决策区域、损失和准确率使用全部神经元，输出乘以 (1 − 比率)，与书中的随机失活层相同。每个比率至多 0.9；留空表示不使用。可在训练中修改：权重保持不变。</translation>
    </message>
    <message>
        <source>Dropout acts on hidden layers: a perceptron has none.</source>
        <translation>随机失活作用于隐藏层：感知机没有隐藏层。</translation>
    </message>
    <message>
        <source>The perceptron&apos;s rule takes no penalty: weight penalties are an MLP&apos;s setting.</source>
        <translation>感知机的学习规则不带惩罚项：权重惩罚是多层感知机的设置。</translation>
    </message>
    <message>
        <source>e.g. 0.5, 0</source>
        <translation>例如 0.5, 0</translation>
    </message>
    <message>
        <source>Regularization</source>
        <translation>正则化</translation>
    </message>
    <message>
        <source>Inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Initial weights</source>
        <translation>权重初始值</translation>
    </message>
    <message>
        <source>Weight penalty</source>
        <translation>权重惩罚</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>随机失活</translation>
    </message>
    <message>
        <source>σ</source>
        <translation>σ</translation>
    </message>
    <message>
        <source>λ</source>
        <translation>λ</translation>
    </message>
    <message>
        <source>Dropout: not taken: {reason}</source>
        <translation>随机失活：未采用：{reason}</translation>
    </message>
    <message>
        <source>at most {count} ratios, one per hidden layer</source>
        <translation>至多 {count} 个比率，每个隐藏层一个</translation>
    </message>
    <message>
        <source>a ratio is missing between two commas</source>
        <translation>两个逗号之间缺少一个比率</translation>
    </message>
</context>
<context>
    <name>NeuronMaps</name>
    <message>
        <source>dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>sat.</source>
        <translation>饱和</translation>
    </message>
    <message>
        <source>Dead ReLU: its output is 0 on every training point, so no gradient flows through it and it no longer learns.</source>
        <translation>“死亡”的 ReLU：它在每个训练数据点上的输出都是 0，梯度无法流过它，它不再学习。</translation>
    </message>
    <message>
        <source>Saturated: its output is within {eps} of {limits} on {share} of the training points, where its slope is almost 0: it learns very slowly.</source>
        <translation>饱和：在 {share} 的训练数据点上，它的输出与 {limits} 相差不到 {eps}，那里的斜率几乎为 0：它学习得非常慢。</translation>
    </message>
    <message>
        <source>Step: flat everywhere, so no gradient flows through it (backpropagation cannot train it).</source>
        <translation>阶跃函数：处处平坦，梯度无法流过它（反向传播无法训练它）。</translation>
    </message>
    <message>
        <source>{name}: {activation}, range {lo} … {hi}</source>
        <translation>{name}：{activation}，范围 {lo} … {hi}</translation>
    </message>
    <message>
        <source>One update takes {ms} ms, over the budget of {budget} ms: the maps refresh every {seconds} s.</source>
        <translation>一次更新需要 {ms} ms，超出了 {budget} ms 的预算：各图每 {seconds} 秒刷新一次。</translation>
    </message>
    <message>
        <source>Neuron maps are drawn over the input plane: they are for classification with two inputs.</source>
        <translation>神经元图画在输入平面上：它们只适用于有两个输入的分类。</translation>
    </message>
    <message>
        <source>inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>{name}: input feature, range {lo} … {hi}</source>
        <translation>{name}：输入特征，范围 {lo} … {hi}</translation>
    </message>
</context>
<context>
    <name>NeuronMapsView</name>
    <message>
        <source>Each unit&apos;s output over the data view&apos;s area, on its own range (under it). Hover a map: it is shown large in the data view; click: it stays there (click again or Esc to unpin).</source>
        <translation>每个神经元在数据视图区域上的输出，按它自己的范围着色（范围写在图下方）。鼠标悬停在某张图上：它会在数据视图中放大显示；单击：它会一直显示在那里（再次单击或按 Esc 取消固定）。</translation>
    </message>
    <message>
        <source>Hover a map to see it large in the data view; click it to keep it there.</source>
        <translation>将鼠标悬停在某张图上，可在数据视图中放大查看；单击可将它固定在那里。</translation>
    </message>
</context>
<context>
    <name>Novikoff</name>
    <message>
        <source>Perceptron-rule updates so far: {count}.</source>
        <translation>感知机规则至今更新次数：{count}。</translation>
    </message>
    <message>
        <source>Novikoff bound (R/γ)² = ({radius}/{gamma})² = {bound}.</source>
        <translation>诺维科夫上界 (R/γ)² = ({radius}/{gamma})² = {bound}。</translation>
    </message>
    <message>
        <source>From w = 0, b = 0 the rule updates at most this often on these points.</source>
        <translation>从 w = 0、b = 0 出发，感知机规则在这些数据点上最多更新这么多次。</translation>
    </message>
    <message>
        <source>With mini-batches of up to {size} points the rule updates at most {size}·(R/γ)² = {bound} times.</source>
        <translation>mini-batch 最多含 {size} 个数据点时，感知机规则最多更新 {size}·(R/γ)² = {bound} 次。</translation>
    </message>
    <message>
        <source>The bound is for a run from w = 0, b = 0; this run started from other weights.</source>
        <translation>此上界针对从 w = 0、b = 0 开始的训练；本次训练从其他权重开始。</translation>
    </message>
    <message>
        <source>The bound is for the perceptron rule, which is SGD; steps with another optimizer are not the rule.</source>
        <translation>此上界针对感知机规则（即 SGD）；使用其他优化器的步骤不是该规则。</translation>
    </message>
    <message>
        <source>The bound is for one learning rate throughout; it changed during this run, so the count may exceed it.</source>
        <translation>这个上界要求学习率始终不变；本次训练中学习率改变过，所以更新次数可能超过它。</translation>
    </message>
    <message>
        <source>The points changed during the run: the bound is for a new run on them.</source>
        <translation>训练中数据点有变动：此上界针对在这些数据点上重新开始的训练。</translation>
    </message>
    <message>
        <source>The training points are not linearly separable: no bound, the rule never stops updating.</source>
        <translation>训练数据点非线性可分：没有上界，感知机规则永远不会停止更新。</translation>
    </message>
    <message>
        <source>The training points are all of one class: nothing to separate, no bound.</source>
        <translation>训练数据点全属同一类别：无需分隔，没有上界。</translation>
    </message>
    <message>
        <source>Novikoff&apos;s bound is for two classes; these points have more.</source>
        <translation>诺维科夫上界只适用于两个类别；这些数据点的类别更多。</translation>
    </message>
    <message>
        <source>No training points: no bound.</source>
        <translation>没有训练数据点：没有上界。</translation>
    </message>
    <message>
        <source>Novikoff&apos;s theorem: on linearly separable points the perceptron rule, started from w = 0, b = 0, makes at most (R/γ)² updates. R is the largest length of a point (x1, x2, 1); γ is the margin of the widest separating line in that space, min y·(w·x + b)/‖(w, b)‖ with y = ±1.</source>
        <translation>诺维科夫定理：在线性可分的数据点上，感知机规则从 w = 0、b = 0 出发，最多更新 (R/γ)² 次。R 是数据点 (x1, x2, 1) 的最大长度；γ 是该空间中最宽分隔直线的间隔，即 min y·(w·x + b)/‖(w, b)‖，其中 y = ±1。</translation>
    </message>
</context>
<context>
    <name>NumberField</name>
    <message>
        <source>no negative numbers here</source>
        <translation>此处不能是负数</translation>
    </message>
    <message>
        <source>the largest is {value}</source>
        <translation>最大为 {value}</translation>
    </message>
    <message>
        <source>the smallest is {value}</source>
        <translation>最小为 {value}</translation>
    </message>
    <message>
        <source>at most {decimals} digits after the decimal point</source>
        <translation>小数点后最多 {decimals} 位</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; cannot be used here</source>
        <translation>此处不能用“{text}”</translation>
    </message>
    <message>
        <source>{reason}; kept {value}</source>
        <translation>{reason}；保留 {value}</translation>
    </message>
    <message>
        <source>Not taken: {reason}</source>
        <translation>未采用：{reason}</translation>
    </message>
</context>
<context>
    <name>OptimizerPlayground</name>
    <message>
        <source>gradient</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>step</source>
        <translation>实际步长</translation>
    </message>
    <message>
        <source>Red: −lr·∇f at the current point, the step plain gradient descent would take from here.</source>
        <translation>红色：当前点处的 −lr·∇f，即普通梯度下降法从这里会走的一步。</translation>
    </message>
    <message>
        <source>Purple: the momentum carried into the next step: β·v for Momentum and Nesterov (Momentum&apos;s next step is exactly this plus the red arrow); −lr·m for Adam (m, its running mean of gradients, in the red arrow&apos;s units).</source>
        <translation>紫色：带入下一步的动量：Momentum 和 Nesterov 为 β·v（Momentum 的下一步正是它加上红色箭头）；Adam 为 −lr·m（m 是梯度的滑动平均，与红色箭头单位相同）。</translation>
    </message>
    <message>
        <source>Black: the step the optimizer actually took last, ending at its head.</source>
        <translation>黑色：优化器实际走的上一步，终点是它当前的位置。</translation>
    </message>
    <message>
        <source>Optimizer playground plot</source>
        <translation>优化器试验场图</translation>
    </message>
    <message>
        <source>Custom formula…</source>
        <translation>自定义公式…</translation>
    </message>
    <message>
        <source>The function f(x, y) the optimizers minimise</source>
        <translation>优化器要最小化的函数 f(x, y)</translation>
    </message>
    <message>
        <source>f(x, y), e.g. x^2/20 + y^2</source>
        <translation>f(x, y)，例如 x^2/20 + y^2</translation>
    </message>
    <message>
        <source>Numbers, x, y, + − * / ^, parentheses, pi, e and sin cos tan exp log sqrt abs tanh …; press Enter to race on it</source>
        <translation>可用数字、x、y、+ − * / ^、括号、pi、e 以及 sin cos tan exp log sqrt abs tanh 等；按 Enter 键在此函数上竞赛</translation>
    </message>
    <message>
        <source>custom f(x, y) =</source>
        <translation>自定义 f(x, y) =</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>{name}&apos;s learning rate; changing it never restarts the race</source>
        <translation>{name} 的学习率；修改它不会让竞赛重新开始</translation>
    </message>
    <message>
        <source>arrows</source>
        <translation>箭头</translation>
    </message>
    <message>
        <source>gradient field</source>
        <translation>梯度场</translation>
    </message>
    <message>
        <source>Blue: −∇f as arrows over a grid, the way down from every point (the book&apos;s figure of the gradient of x0² + x1²). One scale for all arrows: the longest fills a cell.</source>
        <translation>蓝色：把 −∇f 画成网格上的箭头，即从每一点往下走的方向（书中 x0² + x1² 的梯度图）。所有箭头用同一比例：最长的箭头占满一格。</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source> steps/s</source>
        <translation> 步/秒</translation>
    </message>
    <message>
        <source>How fast the race runs</source>
        <translation>竞赛进行的速度</translation>
    </message>
    <message>
        <source>stop at</source>
        <translation>停在</translation>
    </message>
    <message>
        <source>never</source>
        <translation>不停</translation>
    </message>
    <message>
        <source>Pause when the race reaches this step (0: never)</source>
        <translation>竞赛到达这一步时暂停（0：不暂停）</translation>
    </message>
    <message>
        <source>Book, chapter 6</source>
        <translation>书中第 6 章</translation>
    </message>
    <message>
        <source>The book&apos;s comparison: f = x²/20 + y² from (−7, 2); SGD lr 0.95, Momentum 0.1, AdaGrad 1.5, Adam 0.3; 30 steps</source>
        <translation>书中的比较：f = x²/20 + y²，从 (−7, 2) 出发；SGD lr 0.95，Momentum 0.1，AdaGrad 1.5，Adam 0.3；共 30 步</translation>
    </message>
    <message>
        <source>Drag the white circle to start somewhere else.</source>
        <translation>拖动白色圆圈可以换一个起点。</translation>
    </message>
    <message>
        <source>f has no finite value for x in [{x0}, {x1}], y in [{y0}, {y1}]</source>
        <translation>在 x ∈ [{x0}, {x1}]、y ∈ [{y0}, {y1}] 上，f 没有有限值</translation>
    </message>
    <message>
        <source>Not used: {reason}</source>
        <translation>未采用：{reason}</translation>
    </message>
</context>
<context>
    <name>OptimizerWidgets</name>
    <message>
        <source>momentum: the share of the last step carried into the next (v = m·v − lr·g)</source>
        <translation>动量 m：上一步带入下一步的比例（v = m·v − lr·g）</translation>
    </message>
    <message>
        <source>decay rate ρ: how slowly the running mean of g² forgets (h = ρh + (1 − ρ)g²)</source>
        <translation>衰减率 ρ：g² 的滑动平均遗忘得多慢（h = ρh + (1 − ρ)g²）</translation>
    </message>
    <message>
        <source>β1: how slowly Adam&apos;s running mean of the gradient forgets</source>
        <translation>β1：Adam 对梯度的滑动平均遗忘得多慢</translation>
    </message>
    <message>
        <source>β2: how slowly Adam&apos;s running mean of the squared gradient forgets</source>
        <translation>β2：Adam 对梯度平方的滑动平均遗忘得多慢</translation>
    </message>
</context>
<context>
    <name>Orphan</name>
    <message>
        <source>{file}: cannot be read ({problem})</source>
        <translation>{file}：无法读取（{problem}）</translation>
    </message>
    <message>
        <source>1 point, saved at an unknown time</source>
        <translation>1 个点，保存时间未知</translation>
    </message>
    <message>
        <source>{n} points, saved at an unknown time</source>
        <translation>{n} 个点，保存时间未知</translation>
    </message>
    <message>
        <source>1 point, saved {time}</source>
        <translation>1 个点，保存于 {time}</translation>
    </message>
    <message>
        <source>{n} points, saved {time}</source>
        <translation>{n} 个点，保存于 {time}</translation>
    </message>
</context>
<context>
    <name>ParamChooser</name>
    <message>
        <source>Loss surface horizontal parameter</source>
        <translation>损失曲面横轴参数</translation>
    </message>
    <message>
        <source>The array of the parameter on the horizontal axis of the loss surface</source>
        <translation>损失曲面横轴上的参数所在的数组</translation>
    </message>
    <message>
        <source>Loss surface horizontal parameter row</source>
        <translation>损失曲面横轴参数的行</translation>
    </message>
    <message>
        <source>Loss surface horizontal parameter column</source>
        <translation>损失曲面横轴参数的列</translation>
    </message>
    <message>
        <source>Loss surface vertical parameter</source>
        <translation>损失曲面纵轴参数</translation>
    </message>
    <message>
        <source>The array of the parameter on the vertical axis of the loss surface</source>
        <translation>损失曲面纵轴上的参数所在的数组</translation>
    </message>
    <message>
        <source>Loss surface vertical parameter row</source>
        <translation>损失曲面纵轴参数的行</translation>
    </message>
    <message>
        <source>Loss surface vertical parameter column</source>
        <translation>损失曲面纵轴参数的列</translation>
    </message>
    <message>
        <source>row </source>
        <translation>行 </translation>
    </message>
    <message>
        <source>col </source>
        <translation>列 </translation>
    </message>
    <message>
        <source>The row of the weight: the input (or the previous layer&apos;s unit) it comes from</source>
        <translation>权重的行：它来自的输入（或上一层的神经元）</translation>
    </message>
    <message>
        <source>The column: the unit of the layer this weight or bias feeds</source>
        <translation>列：这个权重或偏置所连接的本层神经元</translation>
    </message>
</context>
<context>
    <name>ParamNames</name>
    <message>
        <source>weight from input {i} to layer {layer} unit {j}</source>
        <translation>从输入 {i} 到第 {layer} 层神经元 {j} 的权重</translation>
    </message>
    <message>
        <source>weight from layer {source} unit {i} to layer {layer} unit {j}</source>
        <translation>从第 {source} 层神经元 {i} 到第 {layer} 层神经元 {j} 的权重</translation>
    </message>
    <message>
        <source>bias of layer {layer} unit {j}</source>
        <translation>第 {layer} 层神经元 {j} 的偏置</translation>
    </message>
    <message>
        <source>weights into layer {layer} ({size})</source>
        <translation>输入第 {layer} 层的权重（{size}）</translation>
    </message>
    <message>
        <source>biases of layer {layer} ({size})</source>
        <translation>第 {layer} 层的偏置（{size}）</translation>
    </message>
</context>
<context>
    <name>PerceptronHandles</name>
    <message>
        <source>Drag: move the line along w (changes the bias b; w stays)</source>
        <translation>拖动：沿 w 方向移动直线（改变偏置 b；w 不变）</translation>
    </message>
    <message>
        <source>Drag: turn w and stretch it (changes w1 and w2; the line turns about its handle)</source>
        <translation>拖动：转动并伸缩 w（改变 w1 和 w2；直线绕它的手柄转动）</translation>
    </message>
</context>
<context>
    <name>PerceptronTool</name>
    <message>
        <source>The perceptron&apos;s weights and bias</source>
        <translation>感知机的权重和偏置</translation>
    </message>
    <message>
        <source>The weight of input x1</source>
        <translation>输入 x1 的权重</translation>
    </message>
    <message>
        <source>The weight of input x2</source>
        <translation>输入 x2 的权重</translation>
    </message>
    <message>
        <source>The bias: how easily the neuron fires (−b is the threshold θ)</source>
        <translation>偏置：神经元被激活的难易程度（−b 就是阈值 θ）</translation>
    </message>
</context>
<context>
    <name>Playground</name>
    <message>
        <source>f is undefined at the start</source>
        <translation>f 在起点处无定义</translation>
    </message>
    <message>
        <source>diverged at step {step}</source>
        <translation>在第 {step} 步发散</translation>
    </message>
    <message>
        <source>off</source>
        <translation>未参加</translation>
    </message>
    <message>
        <source>catching up… {percent}</source>
        <translation>正在追赶… {percent}</translation>
    </message>
    <message>
        <source>step {steps}</source>
        <translation>第 {steps} 步</translation>
    </message>
    <message>
        <source>step {steps} of {limit}</source>
        <translation>第 {steps} 步，共 {limit} 步</translation>
    </message>
    <message>
        <source>step {steps} · waiting for {names}</source>
        <translation>第 {steps} 步 · 等待 {names} 追上</translation>
    </message>
    <message>
        <source>step {steps} of {limit} · waiting for {names}</source>
        <translation>第 {steps} 步，共 {limit} 步 · 等待 {names} 追上</translation>
    </message>
</context>
<context>
    <name>RaceView</name>
    <message>
        <source>from initial weights</source>
        <translation>从初始权重开始</translation>
    </message>
    <message>
        <source>from current weights</source>
        <translation>从当前权重开始</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>iteration · loss · accuracy</source>
        <translation>迭代 · 损失 · 准确率</translation>
    </message>
    <message>
        <source>Race {name}: a copy of the network trained by it from the same weights</source>
        <translation>让 {name} 参赛：用它从相同权重开始训练网络的一个副本</translation>
    </message>
    <message>
        <source>{name}&apos;s learning rate; changing it keeps the weights (no reset)</source>
        <translation>{name} 的学习率；修改它会保留权重（不重置）</translation>
    </message>
    <message>
        <source>Train every racer, a few iterations per frame</source>
        <translation>训练每个参赛者，每帧几次迭代</translation>
    </message>
    <message>
        <source>One iteration for every racer: the same mini-batch for all</source>
        <translation>每个参赛者迭代一次：都用同一个 mini-batch</translation>
    </message>
    <message>
        <source>Every racer back to the start weights</source>
        <translation>每个参赛者回到起始权重</translation>
    </message>
    <message>
        <source> it/frame</source>
        <translation> 次迭代/帧</translation>
    </message>
    <message>
        <source>Iterations each racer trains per frame while playing</source>
        <translation>运行时每个参赛者每帧训练的迭代次数</translation>
    </message>
    <message>
        <source>The weights every racer starts from: the session&apos;s initial weights (the race replays training) or its current ones</source>
        <translation>每个参赛者的起始权重：当前会话的初始权重（竞赛重演训练过程），或当前权重</translation>
    </message>
    <message>
        <source>log loss</source>
        <translation>对数坐标</translation>
    </message>
    <message>
        <source>The loss on a logarithmic axis: late, small improvements stay visible</source>
        <translation>用对数坐标轴显示损失：后期的微小改进也看得见</translation>
    </message>
    <message>
        <source>Network race loss curves</source>
        <translation>网络竞赛损失曲线</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>迭代</translation>
    </message>
    <message>
        <source>training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Network race paths on the loss plane</source>
        <translation>损失平面上的网络竞赛路径</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>random direction 1</source>
        <translation>随机方向 1</translation>
    </message>
    <message>
        <source>random direction 2</source>
        <translation>随机方向 2</translation>
    </message>
    <message>
        <source>iteration {n} · waiting for {names}</source>
        <translation>迭代 {n} · 等待 {names} 追上</translation>
    </message>
    <message>
        <source>iteration {n}</source>
        <translation>迭代 {n}</translation>
    </message>
    <message>
        <source>No race: {problem}.</source>
        <translation>无法竞赛：{problem}。</translation>
    </message>
    <message>
        <source>Loss on {n} training points over the plane through the common start ○ along PC1 and PC2, the first two principal components of all paths (% of their spread).</source>
        <translation>{n} 个训练数据点上的损失，所在平面经过共同起点 ○，沿 PC1 和 PC2 展开，即所有路径的前两个主成分（括号中为其所占的离散程度百分比）。</translation>
    </message>
    <message>
        <source>Loss on {n} training points over the plane through the common start ○ along {first} and {second} (no step yet).</source>
        <translation>{n} 个训练数据点上的损失，所在平面经过共同起点 ○，沿 {first} 和 {second} 展开（还没有走任何一步）。</translation>
    </message>
    <message>
        <source>Loss on {n} training points over the plane through the common start ○ along two random directions (no step yet).</source>
        <translation>{n} 个训练数据点上的损失，所在平面经过共同起点 ○，沿两个随机方向展开（还没有走任何一步）。</translation>
    </message>
    <message>
        <source>{res}×{res}, coarser for this many weights and points.</source>
        <translation>权重和数据点较多，网格较粗，为 {res}×{res}。</translation>
    </message>
    <message>
        <source>Refitted every {n} iterations.</source>
        <translation>每 {n} 次迭代重新拟合一次。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>未参加</translation>
    </message>
    <message>
        <source>✕ diverged at {iteration}</source>
        <translation>✕ 在第 {iteration} 次迭代发散</translation>
    </message>
    <message>
        <source>catching up… {done} of {total}</source>
        <translation>正在追赶… {done} / {total}</translation>
    </message>
</context>
<context>
    <name>RateSpin</name>
    <message>
        <source>max</source>
        <translation>最大</translation>
    </message>
</context>
<context>
    <name>Readouts</name>
    <message>
        <source>iteration {n}</source>
        <translation>迭代 {n}</translation>
    </message>
    <message>
        <source>iteration {n} of {now} (timeline)</source>
        <translation>迭代 {n}（共 {now}，时间轴）</translation>
    </message>
    <message>
        <source>epoch {n}</source>
        <translation>epoch {n}</translation>
    </message>
    <message>
        <source>train cross-entropy {loss}</source>
        <translation>训练交叉熵误差 {loss}</translation>
    </message>
    <message>
        <source>train squared error {loss}</source>
        <translation>训练均方误差 {loss}</translation>
    </message>
    <message>
        <source>The loss training minimises, on the training points at the current weights: the mean cross-entropy of the softmax outputs.</source>
        <translation>训练所最小化的损失：在当前权重下、训练集上的值，即 softmax 输出的平均交叉熵误差。</translation>
    </message>
    <message>
        <source>The loss training minimises, on the training points at the current weights: E = ½·Σ(y − t)² / N.</source>
        <translation>训练所最小化的损失：在当前权重下、训练集上的值，E = ½·Σ(y − t)² / N。</translation>
    </message>
    <message>
        <source>Training points on the wrong side of the line w·x + b = 0 at the current weights (the ringed ones). The perceptron rule moves the line only for these.</source>
        <translation>在当前权重下位于直线 w·x + b = 0 错误一侧的训练数据点（被圈出的点）。感知机的学习规则只因这些点移动直线。</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>交叉熵误差</translation>
    </message>
    <message>
        <source>squared error</source>
        <translation>均方误差</translation>
    </message>
    <message>
        <source>perceptron criterion</source>
        <translation>感知机准则</translation>
    </message>
    <message>
        <source>misclassified {wrong} of {n}</source>
        <translation>{n} 个中分错 {wrong} 个</translation>
    </message>
    <message>
        <source>no training points</source>
        <translation>没有训练数据点</translation>
    </message>
    <message>
        <source>train accuracy {percent}%</source>
        <translation>训练准确率 {percent}%</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Recover unsaved work</source>
        <translation>恢复未保存的工作</translation>
    </message>
    <message>
        <source>Another visualnet window ended without closing. Its unsaved work:</source>
        <translation>另一个 visualnet 窗口未经关闭就结束了。它未保存的工作：</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Keep for later</source>
        <translation>留待以后</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>add some points to train (click in the data view)</source>
        <translation>请先添加一些数据点再训练（在数据视图中点击）</translation>
    </message>
    <message>
        <source>no point is in the training set: add more points</source>
        <translation>训练集中没有数据点：请添加更多数据点</translation>
    </message>
    <message>
        <source>add points of a second class to train</source>
        <translation>请添加第二个类别的数据点再训练</translation>
    </message>
    <message>
        <source>a perceptron separates two classes only: choose an MLP for more</source>
        <translation>感知机只能区分两个类别：类别更多时请选择 MLP</translation>
    </message>
    <message>
        <source>a perceptron classifies; choose an MLP for regression</source>
        <translation>感知机只做分类；回归请选择 MLP</translation>
    </message>
    <message>
        <source>a perceptron classifies; it cannot fit a regression curve</source>
        <translation>感知机只做分类，无法拟合回归曲线</translation>
    </message>
    <message>
        <source>the learning rate must be a positive number, not {lr}</source>
        <translation>学习率必须是正数，而不是 {lr}</translation>
    </message>
    <message>
        <source>a dataset holds at most {most:,} points; this edit would make {total:,}</source>
        <translation>数据集最多容纳 {most:,} 个数据点；此次编辑后将有 {total:,} 个</translation>
    </message>
    <message>
        <source>a dataset holds at most {most:,} points; this one has {total:,}</source>
        <translation>数据集最多容纳 {most:,} 个数据点；这个数据集有 {total:,} 个</translation>
    </message>
    <message>
        <source>a point&apos;s coordinates must be finite numbers</source>
        <translation>数据点的坐标必须是有限的数</translation>
    </message>
    <message>
        <source>class labels go from 0 to {top}</source>
        <translation>类别标签的范围是 0 到 {top}</translation>
    </message>
    <message>
        <source>the split roles give {found:,} roles for {n:,} points</source>
        <translation>划分给出了 {found:,} 个角色，但有 {n:,} 个数据点</translation>
    </message>
    <message>
        <source>a split role is 0 (train), 1 (validation) or 2 (test)</source>
        <translation>划分角色只能是 0（训练）、1（验证）或 2（测试）</translation>
    </message>
    <message>
        <source>choose two different parameters</source>
        <translation>请选择两个不同的参数</translation>
    </message>
    <message>
        <source>this session could not be opened ({kind}: {problem})</source>
        <translation>无法打开此会话（{kind}：{problem}）</translation>
    </message>
    <message>
        <source>a dataset has at most {most} classes</source>
        <translation>数据集最多有 {most} 个类别</translation>
    </message>
    <message>
        <source>the saved weights do not fit this network ({shapes})</source>
        <translation>保存的权重与此网络不匹配（{shapes}）</translation>
    </message>
    <message>
        <source>iteration {iteration} is shown: resume from here, or go back to now, to edit the weights</source>
        <translation>正在显示迭代 {iteration}：要编辑权重，请先“从这里继续”或回到“现在”</translation>
    </message>
    <message>
        <source>a weight is a finite number between −1e6 and 1e6</source>
        <translation>权重必须是 −1e6 到 1e6 之间的有限数</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Play / pause training</source>
        <translation>开始 / 暂停训练</translation>
    </message>
    <message>
        <source>&lt;b&gt;S&lt;/b&gt; or &lt;b&gt;→&lt;/b&gt;</source>
        <translation>&lt;b&gt;S&lt;/b&gt; 或 &lt;b&gt;→&lt;/b&gt;</translation>
    </message>
    <message>
        <source>One training iteration</source>
        <translation>一次训练迭代</translation>
    </message>
    <message>
        <source>Reset the weights (a new network from the seed)</source>
        <translation>重置权重（按随机种子生成新的网络）</translation>
    </message>
    <message>
        <source>Class of the points a click adds</source>
        <translation>单击所添加的点的类别</translation>
    </message>
    <message>
        <source>&lt;b&gt;Click&lt;/b&gt;</source>
        <translation>&lt;b&gt;单击&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Add a point · &lt;b&gt;drag&lt;/b&gt; a point to move it</source>
        <translation>添加一个点 · &lt;b&gt;拖动&lt;/b&gt;点可移动它</translation>
    </message>
    <message>
        <source>&lt;b&gt;Right-click&lt;/b&gt;</source>
        <translation>&lt;b&gt;右键单击&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Delete the point</source>
        <translation>删除该点</translation>
    </message>
    <message>
        <source>&lt;b&gt;Shift+drag&lt;/b&gt;</source>
        <translation>&lt;b&gt;Shift+拖动&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Select the points in a rectangle (&lt;b&gt;Ctrl+Shift+drag&lt;/b&gt; adds)</source>
        <translation>框选矩形内的点（&lt;b&gt;Ctrl+Shift+拖动&lt;/b&gt;为追加选择）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Shift+click&lt;/b&gt;</source>
        <translation>&lt;b&gt;Shift+单击&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Select or unselect a point</source>
        <translation>选中或取消选中一个点</translation>
    </message>
    <message>
        <source>Select all points / clear the selection</source>
        <translation>全选 / 清除选择</translation>
    </message>
    <message>
        <source>Delete the selected points, or else the point under the mouse</source>
        <translation>删除选中的点；没有选中时，删除鼠标下的点</translation>
    </message>
    <message>
        <source>Undo / redo an edit</source>
        <translation>撤销 / 重做编辑</translation>
    </message>
    <message>
        <source>Fit the data view to the points</source>
        <translation>缩放数据视图以适应所有点</translation>
    </message>
    <message>
        <source>Optimizer playground</source>
        <translation>优化器试验场</translation>
    </message>
    <message>
        <source>Network race: optimizers training the network side by side</source>
        <translation>网络竞赛：多种优化器并排训练网络</translation>
    </message>
    <message>
        <source>&lt;b&gt;Alt+click&lt;/b&gt;</source>
        <translation>&lt;b&gt;Alt+单击&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Inspect a point&apos;s forward pass (Alt+hover follows the mouse)</source>
        <translation>查看一个数据点的前向传播（按住 Alt 悬停时跟随鼠标）</translation>
    </message>
    <message>
        <source>Forward-pass inspector</source>
        <translation>前向传播检视器</translation>
    </message>
    <message>
        <source>Gradient check</source>
        <translation>梯度确认</translation>
    </message>
    <message>
        <source>Neuron maps</source>
        <translation>神经元图</translation>
    </message>
    <message>
        <source>Confusion matrix, precision and recall</source>
        <translation>混淆矩阵、精确率和召回率</translation>
    </message>
    <message>
        <source>Hidden space</source>
        <translation>隐藏层空间</translation>
    </message>
    <message>
        <source>Activations at initialisation</source>
        <translation>初始化时的激活值分布</translation>
    </message>
    <message>
        <source>This list</source>
        <translation>本列表</translation>
    </message>
</context>
<context>
    <name>StatusBarMixin</name>
    <message>
        <source>{rate} it/s</source>
        <translation>{rate} 次/秒</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Autosave failed: your latest changes are not on disk</source>
        <translation>自动保存失败：最近的更改尚未写入磁盘</translation>
    </message>
    <message>
        <source>1 point selected: drag it to move it, Delete removes it, Esc clears the selection.</source>
        <translation>已选中 1 个点：拖动可移动它，Delete 删除它，Esc 清除选择。</translation>
    </message>
    <message>
        <source>{count} points selected: drag one to move them all, Delete removes them, Esc clears the selection.</source>
        <translation>已选中 {count} 个点：拖动其中一个可整体移动，Delete 删除它们，Esc 清除选择。</translation>
    </message>
</context>
<context>
    <name>Stopping</name>
    <message>
        <source>stopped after {n:,} iterations</source>
        <translation>在 {n:,} 次迭代后停止</translation>
    </message>
    <message>
        <source>stopped after {n} epochs</source>
        <translation>在 {n} 个 epoch 后停止</translation>
    </message>
    <message>
        <source>stopped: the training loss reached {target}</source>
        <translation>停止：训练损失已达到 {target}</translation>
    </message>
    <message>
        <source>stopped: the training accuracy reached {target}%</source>
        <translation>停止：训练准确率已达到 {target}%</translation>
    </message>
    <message>
        <source>stopped early: the validation loss has not improved for {n} epochs (best {best} at iteration {at:,})</source>
        <translation>提前停止：验证集损失已经 {n} 个 epoch 没有改善（最佳 {best}，在迭代 {at:,}）</translation>
    </message>
</context>
<context>
    <name>Surface</name>
    <message>
        <source>Book: x²/20 + y²</source>
        <translation>书中的函数：x²/20 + y²</translation>
    </message>
    <message>
        <source>Bowl: x² + y²</source>
        <translation>碗形：x² + y²</translation>
    </message>
    <message>
        <source>Saddle: x² − y²</source>
        <translation>鞍面：x² − y²</translation>
    </message>
</context>
<context>
    <name>Surface3D</name>
    <message>
        <source>no OpenGL display here (offscreen)</source>
        <translation>此处没有 OpenGL 显示（离屏）</translation>
    </message>
    <message>
        <source>it needs the PyOpenGL package</source>
        <translation>需要安装 PyOpenGL 包</translation>
    </message>
    <message>
        <source>no OpenGL context on this display</source>
        <translation>此显示器上无法创建 OpenGL 上下文</translation>
    </message>
    <message>
        <source>pyqtgraph&apos;s OpenGL items failed to load ({error})</source>
        <translation>pyqtgraph 的 OpenGL 组件加载失败（{error}）</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>now: iteration {now:,}</source>
        <translation>现在：迭代 {now:,}</translation>
    </message>
    <message>
        <source>showing iteration {shown:,} of {now:,}</source>
        <translation>正在显示迭代 {shown:,}（共 {now:,}）</translation>
    </message>
    <message>
        <source>showing iteration {shown:,} of {now:,} (the nearest kept to {asked:,})</source>
        <translation>正在显示迭代 {shown:,}（共 {now:,}；最接近 {asked:,} 的已保存快照）</translation>
    </message>
    <message>
        <source>Drag to see every view as the network was at that iteration (training pauses). The last {dense:,} iterations are kept one by one, older ones more sparsely: {kept:,} snapshots, {megabytes:.1f} MB.</source>
        <translation>拖动以查看网络在该次迭代时的所有视图（训练会暂停）。最近 {dense:,} 次迭代逐一保存，更早的则越来越稀疏：共 {kept:,} 个快照，{megabytes:.1f} MB。</translation>
    </message>
</context>
<context>
    <name>TimelineBar</name>
    <message>
        <source>Resume from here</source>
        <translation>从这里继续</translation>
    </message>
    <message>
        <source>Train on from the iteration shown: the later run is dropped (Undo brings it back)</source>
        <translation>从显示的迭代继续训练：之后的训练记录会被丢弃（撤销可以找回）</translation>
    </message>
    <message>
        <source>Best so far</source>
        <translation>目前最佳</translation>
    </message>
    <message>
        <source>Show the iteration with the lowest validation loss (training loss without a validation set)</source>
        <translation>显示验证集损失最低的迭代（没有验证集时用训练损失）</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>现在</translation>
    </message>
    <message>
        <source>Back to the present weights</source>
        <translation>回到当前的权重</translation>
    </message>
</context>
<context>
    <name>TimelineMixin</name>
    <message>
        <source>Training resumes from iteration {iteration:,}; Undo brings the later run back.</source>
        <translation>训练将从迭代 {iteration:,} 继续；撤销可以找回之后的训练。</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <source>the loss exploded</source>
        <translation>损失发散（溢出）</translation>
    </message>
    <message>
        <source>the weights grew beyond ±{limit}</source>
        <translation>权重超出了 ±{limit}</translation>
    </message>
    <message>
        <source>{problem} at iteration {iteration}: try a smaller learning rate</source>
        <translation>第 {iteration} 次迭代时{problem}：请减小学习率</translation>
    </message>
</context>
<context>
    <name>TrainingClockMixin</name>
    <message>
        <source>Cannot train: {problem}.</source>
        <translation>无法训练：{problem}。</translation>
    </message>
    <message>
        <source>New initial weights.</source>
        <translation>已生成新的初始权重。</translation>
    </message>
    <message>
        <source>Training {why}. Play goes on from here.</source>
        <translation>训练{why}。点“开始”会从这里继续。</translation>
    </message>
    <message>
        <source>Training paused: {problem}. The weights from before the loss blew up are back.</source>
        <translation>训练已暂停：{problem}。已恢复损失开始发散之前的权重。</translation>
    </message>
</context>
<context>
    <name>TrainingPlan</name>
    <message>
        <source>constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>step decay</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <source>exponential</source>
        <translation>指数衰减</translation>
    </message>
    <message>
        <source>cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>Schedule and stopping</source>
        <translation>学习率调度与停止条件</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Factor ×</source>
        <translation>系数 ×</translation>
    </message>
    <message>
        <source>Every (epochs)</source>
        <translation>间隔（epoch）</translation>
    </message>
    <message>
        <source>Floor (× η)</source>
        <translation>下限（× η）</translation>
    </message>
    <message>
        <source>Stop after epochs</source>
        <translation>训练 epoch 数后停止</translation>
    </message>
    <message>
        <source>Stop at loss ≤</source>
        <translation>损失 ≤ 时停止</translation>
    </message>
    <message>
        <source>Stop at accuracy % ≥</source>
        <translation>准确率 % ≥ 时停止</translation>
    </message>
    <message>
        <source>Early stop: patience</source>
        <translation>提前停止：耐心（epoch）</translation>
    </message>
    <message>
        <source>How the learning rate η moves as training goes on, from the rate set above: step decay multiplies it by × every so many epochs, exponential by × every epoch, cosine eases it down to floor × η over so many epochs.</source>
        <translation>训练过程中学习率 η 如何变化（从上面设定的学习率开始）：阶梯衰减每隔若干个 epoch 乘以 ×，指数衰减每个 epoch 乘以 ×，余弦在若干个 epoch 内平滑降到 下限 × η。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>Early stopping: stop when the validation loss has not improved for this many epochs (needs a validation set: split 6:2:2).</source>
        <translation>提前停止：验证集损失连续这么多个 epoch 没有改善时停止（需要验证集：划分选 6:2:2）。</translation>
    </message>
    <message>
        <source>then restore the best weights</source>
        <translation>停止后恢复最佳权重</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>epoch</translation>
    </message>
    <message>
        <source>η now {rate} (epoch {epoch:.1f})</source>
        <translation>当前 η = {rate}（epoch {epoch:.1f}）</translation>
    </message>
</context>
<context>
    <name>Transport</name>
    <message>
        <source>Play</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
</context>
<context>
    <name>UndoCommand</name>
    <message>
        <source>Add point</source>
        <translation>添加点</translation>
    </message>
    <message>
        <source>Delete point</source>
        <translation>删除点</translation>
    </message>
    <message>
        <source>Delete points</source>
        <translation>删除点</translation>
    </message>
    <message>
        <source>Delete {n} points</source>
        <translation>删除 {n} 个点</translation>
    </message>
    <message>
        <source>Move point</source>
        <translation>移动点</translation>
    </message>
    <message>
        <source>Move points</source>
        <translation>移动点</translation>
    </message>
    <message>
        <source>Clear all points</source>
        <translation>清除所有点</translation>
    </message>
    <message>
        <source>Load preset {name}</source>
        <translation>加载预设“{name}”</translation>
    </message>
    <message>
        <source>Brush points</source>
        <translation>画笔添加点</translation>
    </message>
    <message>
        <source>Jitter points</source>
        <translation>抖散点</translation>
    </message>
    <message>
        <source>Pull points</source>
        <translation>吸引点</translation>
    </message>
    <message>
        <source>Erase points</source>
        <translation>擦除点</translation>
    </message>
    <message>
        <source>Resume from iteration {iteration}</source>
        <translation>从迭代 {iteration} 继续</translation>
    </message>
    <message>
        <source>Set {name}</source>
        <translation>设置 {name}</translation>
    </message>
    <message>
        <source>Nudge {name}</source>
        <translation>微调 {name}</translation>
    </message>
    <message>
        <source>Zero layer ({names})</source>
        <translation>将层清零（{names}）</translation>
    </message>
    <message>
        <source>Randomize layer ({names})</source>
        <translation>随机化层（{names}）</translation>
    </message>
    <message>
        <source>Lock {name}</source>
        <translation>锁定 {name}</translation>
    </message>
    <message>
        <source>Unlock {name}</source>
        <translation>解锁 {name}</translation>
    </message>
    <message>
        <source>Lock layer ({names})</source>
        <translation>锁定层（{names}）</translation>
    </message>
    <message>
        <source>Unlock layer ({names})</source>
        <translation>解锁层（{names}）</translation>
    </message>
    <message>
        <source>Move the perceptron&apos;s line</source>
        <translation>移动感知机的直线</translation>
    </message>
    <message>
        <source>Turn the perceptron&apos;s w</source>
        <translation>转动感知机的 w</translation>
    </message>
</context>
<context>
    <name>ViewToggles</name>
    <message>
        <source>Test points</source>
        <translation>测试点</translation>
    </message>
    <message>
        <source>Show the test points (hidden, they are neither drawn nor clickable; they still count in the test loss)</source>
        <translation>显示测试点（隐藏时既不绘制也不能点击；它们仍计入测试损失）</translation>
    </message>
    <message>
        <source>Discretize</source>
        <translation>离散化</translation>
    </message>
    <message>
        <source>Colour each place by the class the network picks, at full strength, instead of by how sure it is</source>
        <translation>按网络选出的类别给每处涂上纯色，而不是按它有多确定来着色</translation>
    </message>
</context>
<context>
    <name>WeightEditing</name>
    <message>
        <source>Edit {name}…</source>
        <translation>编辑 {name}…</translation>
    </message>
    <message>
        <source>Unlock this weight</source>
        <translation>解锁这个权重</translation>
    </message>
    <message>
        <source>Lock this weight</source>
        <translation>锁定这个权重</translation>
    </message>
    <message>
        <source>Unlock layer ({names})</source>
        <translation>解锁层（{names}）</translation>
    </message>
    <message>
        <source>Lock layer ({names})</source>
        <translation>锁定层（{names}）</translation>
    </message>
    <message>
        <source>Zero layer ({names})</source>
        <translation>将层清零（{names}）</translation>
    </message>
    <message>
        <source>Randomize layer ({names})</source>
        <translation>随机化层（{names}）</translation>
    </message>
    <message>
        <source>Draw the layer&apos;s weights anew, as a new network&apos;s are drawn</source>
        <translation>重新抽取这一层的权重，方式与新建网络时相同</translation>
    </message>
</context>
<context>
    <name>WeightEditor</name>
    <message>
        <source>{name}: type a value, Enter applies, Esc cancels</source>
        <translation>{name}：输入一个值，Enter 应用，Esc 取消</translation>
    </message>
    <message>
        <source>Not set: {reason}</source>
        <translation>未设置：{reason}</translation>
    </message>
</context>
<context>
    <name>WeightEdits</name>
    <message>
        <source>Not set: {reason}</source>
        <translation>未设置：{reason}</translation>
    </message>
</context>
<context>
    <name>Weights</name>
    <message>
        <source>Hover a cell to read its value.</source>
        <translation>将鼠标悬停在格子上可读取其值。</translation>
    </message>
    <message>
        <source>{readout} (locked)</source>
        <translation>{readout}（已锁定）</translation>
    </message>
    <message>
        <source>Edges: blue +, orange −, width |w|.</source>
        <translation>连线：蓝色为正，橙色为负，粗细表示 |w|。</translation>
    </message>
    <message>
        <source>{hint} The strongest {shown} of {total} edges.</source>
        <translation>{hint}显示 {total} 条连线中最强的 {shown} 条。</translation>
    </message>
    <message>
        <source>all 0</source>
        <translation>全为 0</translation>
    </message>
    <message>
        <source>Click a cell: type its value (Enter applies, Esc cancels) · scroll over it: nudge it (Shift: ten times faster) · right-click: lock it, or lock, zero or randomize its layer (or click the matrix&apos;s title)</source>
        <translation>单击格子：输入它的值（Enter 应用，Esc 取消）· 在格子上滚动滚轮：微调它的值（按住 Shift：快十倍）· 右键单击：锁定它，或锁定、清零、随机化它所在的层（也可单击矩阵的标题）</translation>
    </message>
    <message>
        <source>Click an edge (a weight) or a node (its bias): type its value (Enter applies, Esc cancels) · scroll over it: nudge it (Shift: ten times faster) · right-click: lock it, or lock, zero or randomize its layer</source>
        <translation>单击一条边（一个权重）或一个节点（它的偏置）：输入它的值（Enter 应用，Esc 取消）· 在其上滚动滚轮：微调它的值（按住 Shift：快十倍）· 右键单击：锁定它，或锁定、清零、随机化它所在的层</translation>
    </message>
    <message>
        <source>Gradients are shown: turn off Show gradients to edit the weights.</source>
        <translation>当前显示的是梯度：关闭“显示梯度”后才能编辑权重。</translation>
    </message>
</context>
<context>
    <name>WeightsView</name>
    <message>
        <source>Show gradients</source>
        <translation>显示梯度</translation>
    </message>
    <message>
        <source>Show ∂L/∂W of the last step instead of the weights</source>
        <translation>显示上一步的 ∂L/∂W，而不是权重</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络图</translation>
    </message>
    <message>
        <source>Draw the network: edge colour is the weight&apos;s sign, width its size</source>
        <translation>画出网络：连线颜色表示权重的正负，粗细表示其大小</translation>
    </message>
    <message>
        <source>Each matrix has its own colour scale: m is its largest |value|, shown in its title. White is 0, blue positive, orange negative.</source>
        <translation>每个矩阵有各自的颜色刻度：m 是其最大的 |值|，显示在标题中。白色为 0，蓝色为正，橙色为负。</translation>
    </message>
</context>
<context>
    <name>WelcomePanel</name>
    <message>
        <source>&lt;b&gt;Welcome to visualnet.&lt;/b&gt; Click in the data view to add points (keys 1–8 pick the class), drag them, right-click to delete. Space plays, S steps, R resets. Pick a lesson to start:</source>
        <translation>&lt;b&gt;欢迎使用 visualnet。&lt;/b&gt;在数据视图中单击添加数据点（按 1–8 选择类别），拖动可移动，右键单击可删除。Space 开始，S 单步，R 重置。选一课开始：</translation>
    </message>
    <message>
        <source>Start this lesson</source>
        <translation>开始本课</translation>
    </message>
    <message>
        <source>Set up the lesson&apos;s data, settings and panels (Ctrl+Z undoes the data and settings)</source>
        <translation>载入本课的数据、设置和面板（Ctrl+Z 可撤销数据和设置）</translation>
    </message>
    <message>
        <source>Next ›</source>
        <translation>下一课 ›</translation>
    </message>
    <message>
        <source>Start the next lesson</source>
        <translation>开始下一课</translation>
    </message>
    <message>
        <source>Untick this lesson&apos;s tasks</source>
        <translation>清除本课的完成记录</translation>
    </message>
    <message>
        <source>Untick every lesson (for the next learner)</source>
        <translation>清除所有课程的完成记录（给下一位学习者）</translation>
    </message>
    <message>
        <source>{title} (done: every task ticked)</source>
        <translation>{title}（已完成：所有任务都已打勾）</translation>
    </message>
</context>
<context>
    <name>_TaskRow</name>
    <message>
        <source>Done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Not done yet: the app ticks it when it sees it</source>
        <translation>尚未完成：程序看到你完成后会自动打勾</translation>
    </message>
    <message>
        <source>Type a number, then press Enter</source>
        <translation>输入一个数，然后按 Enter</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Right!</source>
        <translation>答对了！</translation>
    </message>
    <message>
        <source>Not quite. Think again and try another number.</source>
        <translation>不太对。再想一想，换个数试试。</translation>
    </message>
</context>
<context>
    <name>argparse</name>
    <message>
        <source>usage: </source>
        <translation>用法：</translation>
    </message>
    <message>
        <source>positional arguments</source>
        <translation>位置参数</translation>
    </message>
    <message>
        <source>options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>show this help message and exit</source>
        <translation>显示此帮助信息并退出</translation>
    </message>
    <message>
        <source>%(prog)s: error: %(message)s
</source>
        <translation>%(prog)s：错误：%(message)s
</translation>
    </message>
    <message>
        <source>argument %(argument_name)s: %(message)s</source>
        <translation>参数 %(argument_name)s：%(message)s</translation>
    </message>
    <message>
        <source>unrecognized arguments: %s</source>
        <translation>无法识别的参数：%s</translation>
    </message>
    <message>
        <source>expected one argument</source>
        <translation>需要一个值</translation>
    </message>
    <message>
        <source>the following arguments are required: %s</source>
        <translation>缺少以下参数：%s</translation>
    </message>
    <message>
        <source>ambiguous option: %(option)s could match %(matches)s</source>
        <translation>选项 %(option)s 有歧义，可能是 %(matches)s</translation>
    </message>
    <message>
        <source>ignored explicit argument %r</source>
        <translation>忽略了多余的值 %r</translation>
    </message>
    <message>
        <source>invalid %(type)s value: %(value)r</source>
        <translation>无效的 %(type)s 值：%(value)r</translation>
    </message>
    <message>
        <source>invalid choice: %(value)r (choose from %(choices)s)</source>
        <translation>无效的选择：%(value)r（可选：%(choices)s）</translation>
    </message>
</context>
<context>
    <name>exports</name>
    <message>
        <source>Cannot write {path}: {problem}</source>
        <translation>无法写入 {path}：{problem}</translation>
    </message>
    <message>
        <source>it is a folder</source>
        <translation>它是一个文件夹</translation>
    </message>
    <message>
        <source>{above} is a file, not a folder</source>
        <translation>{above} 是文件，不是文件夹</translation>
    </message>
    <message>
        <source>the folder {folder} does not exist</source>
        <translation>文件夹 {folder} 不存在</translation>
    </message>
    <message>
        <source>you may not write in the folder {folder}</source>
        <translation>你没有在文件夹 {folder} 中写入的权限</translation>
    </message>
    <message>
        <source>the file is read-only</source>
        <translation>该文件是只读的</translation>
    </message>
    <message>
        <source>its folder does not exist</source>
        <translation>它所在的文件夹不存在</translation>
    </message>
    <message>
        <source>a file is in the way of its folder</source>
        <translation>有一个文件挡在它的文件夹路径上</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <source>the disk is read-only</source>
        <translation>磁盘是只读的</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>the disk quota is used up</source>
        <translation>磁盘配额已用完</translation>
    </message>
    <message>
        <source>the file is too large for the disk</source>
        <translation>文件对该磁盘来说太大</translation>
    </message>
    <message>
        <source>Qt could not encode the image as {format}</source>
        <translation>Qt 无法将图像编码为 {format}</translation>
    </message>
</context>
<context>
    <name>files</name>
    <message>
        <source>{name} is empty</source>
        <translation>{name} 为空</translation>
    </message>
    <message>
        <source>{text} is not a finite number (NaN and infinity are not allowed)</source>
        <translation>{text} 不是有限的数（不允许 NaN 和无穷大）</translation>
    </message>
    <message>
        <source>{text} is not a number</source>
        <translation>{text} 不是数</translation>
    </message>
    <message>
        <source>{text} is too large</source>
        <translation>{text} 太大</translation>
    </message>
    <message>
        <source>the label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>label {text} is not a whole number</source>
        <translation>标签 {text} 不是整数</translation>
    </message>
    <message>
        <source>label {label} is outside 0..{top} (at most {most} classes)</source>
        <translation>标签 {label} 不在 0..{top} 之内（最多 {most} 个类别）</translation>
    </message>
    <message>
        <source>columns must be separated by commas</source>
        <translation>各列必须用逗号分隔</translation>
    </message>
    <message>
        <source>the header must be &apos;x1,x2,label&apos; (classification) or &apos;x,y&apos; (regression), not {header}</source>
        <translation>表头必须是 &apos;x1,x2,label&apos;（分类）或 &apos;x,y&apos;（回归），而不是 {header}</translation>
    </message>
    <message>
        <source>is {length:,} characters long; a row is a few numbers (at most {most:,} characters)</source>
        <translation>长达 {length:,} 个字符；一行只是几个数（最多 {most:,} 个字符）</translation>
    </message>
    <message>
        <source>expected {expected} columns ({header}), found {found}</source>
        <translation>应有 {expected} 列（{header}），实际为 {found} 列</translation>
    </message>
    <message>
        <source>has more than {most:,} points</source>
        <translation>数据点超过 {most:,} 个</translation>
    </message>
    <message>
        <source>has no points</source>
        <translation>没有数据点</translation>
    </message>
    <message>
        <source>has no points (the file is empty)</source>
        <translation>没有数据点（文件为空）</translation>
    </message>
    <message>
        <source>a dataset with no points cannot be saved as CSV: it would not open again</source>
        <translation>没有数据点的数据集不能保存为 CSV：它将无法再次打开</translation>
    </message>
    <message>
        <source>a dataset of more than {most:,} points would not open again</source>
        <translation>超过 {most:,} 个数据点的数据集将无法再次打开</translation>
    </message>
    <message>
        <source>labels go from 0 to {top}</source>
        <translation>标签的范围是 0 到 {top}</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>一个列表</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>一个对象</translation>
    </message>
    <message>
        <source>{name} is not allowed: every number must be finite</source>
        <translation>不允许 {name}：每个数都必须是有限的</translation>
    </message>
    <message>
        <source>the number {text} has too many digits</source>
        <translation>数 {text} 的位数太多</translation>
    </message>
    <message>
        <source>holds {found:,} lists; a visualnet session has at most {most:,}</source>
        <translation>含有 {found:,} 个列表；visualnet 会话最多只有 {most:,} 个</translation>
    </message>
    <message>
        <source>holds {found:,} objects; a visualnet session has at most {most:,}</source>
        <translation>含有 {found:,} 个对象；visualnet 会话最多只有 {most:,} 个</translation>
    </message>
    <message>
        <source>holds {found:,} named entries; a visualnet session has at most {most:,}</source>
        <translation>含有 {found:,} 个命名条目；visualnet 会话最多只有 {most:,} 个</translation>
    </message>
    <message>
        <source>holds {found:,} values; a visualnet session has at most {most:,}</source>
        <translation>含有 {found:,} 个值；visualnet 会话最多只有 {most:,} 个</translation>
    </message>
    <message>
        <source>is not valid JSON ({reason})</source>
        <translation>不是有效的 JSON（{reason}）</translation>
    </message>
    <message>
        <source>is nested too deeply to be a visualnet file</source>
        <translation>嵌套太深，不可能是 visualnet 文件</translation>
    </message>
    <message>
        <source>{where} has more than {most:,} numbers</source>
        <translation>{where} 中的数超过 {most:,} 个</translation>
    </message>
    <message>
        <source>{where} must be a list of numbers, not {value}</source>
        <translation>{where} 必须是由数组成的列表，而不是 {value}</translation>
    </message>
    <message>
        <source>{where}[0] is {value}, not a list of numbers</source>
        <translation>{where}[0] 是 {value}，而不是由数组成的列表</translation>
    </message>
    <message>
        <source>{where}[0] is an empty list, not a list of numbers</source>
        <translation>{where}[0] 是空列表，而不是由数组成的列表</translation>
    </message>
    <message>
        <source>{where}[{i}] is {value}, not a list of numbers</source>
        <translation>{where}[{i}] 是 {value}，而不是由数组成的列表</translation>
    </message>
    <message>
        <source>{where}[{i}] has {found} numbers, expected {width}</source>
        <translation>{where}[{i}] 有 {found} 个数，应为 {width} 个</translation>
    </message>
    <message>
        <source>{where}[{i}][{j}] is {value}, not a number</source>
        <translation>{where}[{i}][{j}] 是 {value}，而不是数</translation>
    </message>
    <message>
        <source>{where} has a number too large</source>
        <translation>{where} 中有一个数太大</translation>
    </message>
    <message>
        <source>{where} has a number that is not finite</source>
        <translation>{where} 中有一个数不是有限的</translation>
    </message>
    <message>
        <source>{where} must be a list, not {value}</source>
        <translation>{where} 必须是列表，而不是 {value}</translation>
    </message>
    <message>
        <source>{where} has {found:,} entries for {n:,} points</source>
        <translation>{where} 有 {found:,} 个条目，但有 {n:,} 个数据点</translation>
    </message>
    <message>
        <source>{where}[{i}] is {value}, not {what}</source>
        <translation>{where}[{i}] 是 {value}，而不是{what}</translation>
    </message>
    <message>
        <source>{where} must be a whole number in {lo:,}..{hi:,}, not {value}</source>
        <translation>{where} 必须是 {lo:,}..{hi:,} 之间的整数，而不是 {value}</translation>
    </message>
    <message>
        <source>{where} must be a number in {lo:g}..{hi:g}, not {value}</source>
        <translation>{where} 必须是 {lo:g}..{hi:g} 之间的数，而不是 {value}</translation>
    </message>
    <message>
        <source>{where} must be a list of {lo} to {hi} whole numbers, not {value}</source>
        <translation>{where} 必须是由 {lo} 到 {hi} 个整数组成的列表，而不是 {value}</translation>
    </message>
    <message>
        <source>{where} has a bad name {name}</source>
        <translation>{where} 中有无效的名称 {name}</translation>
    </message>
    <message>
        <source>{where} must be text of at most {width} characters, not {value}</source>
        <translation>{where} 必须是最多 {width} 个字符的文本，而不是 {value}</translation>
    </message>
    <message>
        <source>{where} is {value}; choose from {names}</source>
        <translation>{where} 是 {value}；请从 {names} 中选择</translation>
    </message>
    <message>
        <source>{name}, line {line}</source>
        <translation>{name}，第 {line} 行</translation>
    </message>
    <message>
        <source>{name}, line {line}, column {column}</source>
        <translation>{name}，第 {line} 行，第 {column} 列</translation>
    </message>
    <message>
        <source>{where}: {problem}</source>
        <translation>{where}：{problem}</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>permission denied: visualnet may not read it</source>
        <translation>权限不足：visualnet 无法读取它</translation>
    </message>
    <message>
        <source>is a folder, not a file</source>
        <translation>是文件夹，不是文件</translation>
    </message>
    <message>
        <source>cannot be read ({reason})</source>
        <translation>无法读取（{reason}）</translation>
    </message>
    <message>
        <source>is not a valid file name</source>
        <translation>不是有效的文件名</translation>
    </message>
    <message>
        <source>is not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <source>is {size:.0f} MB; files over {most} MB are not opened</source>
        <translation>大小为 {size:.0f} MB；超过 {most} MB 的文件不会被打开</translation>
    </message>
    <message>
        <source>is over {most} MB; such files are not opened</source>
        <translation>超过 {most} MB；这样的文件不会被打开</translation>
    </message>
    <message>
        <source>contains NUL bytes: it is a binary file, not {kind} text</source>
        <translation>含有 NUL 字节：它是二进制文件，不是 {kind} 文本</translation>
    </message>
    <message>
        <source>is not UTF-8 text (byte 0x{byte:02x})</source>
        <translation>不是 UTF-8 文本（字节 0x{byte:02x}）</translation>
    </message>
    <message>
        <source>plan must be an object with &quot;schedule&quot; and &quot;stop&quot;, not {value}</source>
        <translation>plan 必须是包含 &quot;schedule&quot; 和 &quot;stop&quot; 的对象，而不是 {value}</translation>
    </message>
    <message>
        <source>plan.{part} must be an object with {keys}, not {value}</source>
        <translation>plan.{part} 必须是包含 {keys} 的对象，而不是 {value}</translation>
    </message>
    <message>
        <source>plan.{part}.{key} is {value}</source>
        <translation>plan.{part}.{key} 的值 {value} 不可用</translation>
    </message>
    <message>
        <source>plan.{part}: {problem}</source>
        <translation>plan.{part}：{problem}</translation>
    </message>
    <message>
        <source>config must be an object, not {value}</source>
        <translation>config 必须是对象，而不是 {value}</translation>
    </message>
    <message>
        <source>the file&apos;s hyper-parameters held a second learning rate ({ignored}); it was ignored: the learning rate is {lr}</source>
        <translation>文件的超参数中还有第二个学习率（{ignored}）；它已被忽略：学习率为 {lr}</translation>
    </message>
    <message>
        <source>the file&apos;s learning rate ({lr}) was among its hyper-parameters; it is used as the learning rate</source>
        <translation>文件的学习率（{lr}）放在了超参数中；现已将它用作学习率</translation>
    </message>
    <message>
        <source>has no dataset</source>
        <translation>没有数据集</translation>
    </message>
    <message>
        <source>dataset must be an object, not {value}</source>
        <translation>dataset 必须是对象，而不是 {value}</translation>
    </message>
    <message>
        <source>dataset.task must be &apos;classification&apos; or &apos;regression&apos;, not {value}</source>
        <translation>dataset.task 必须是 &apos;classification&apos; 或 &apos;regression&apos;，而不是 {value}</translation>
    </message>
    <message>
        <source>dataset has more than {most:,} points</source>
        <translation>数据集的数据点超过 {most:,} 个</translation>
    </message>
    <message>
        <source>dataset.X must be a list of [x1, x2] points</source>
        <translation>dataset.X 必须是由 [x1, x2] 数据点组成的列表</translation>
    </message>
    <message>
        <source>0 (a regression dataset has no labels)</source>
        <translation>0（回归数据集没有标签）</translation>
    </message>
    <message>
        <source>a class label 0..{top}</source>
        <translation>类别标签 0..{top}</translation>
    </message>
    <message>
        <source>dataset: {problem}</source>
        <translation>数据集：{problem}</translation>
    </message>
    <message>
        <source>weights must be an object of at most 64 named arrays, not {value}</source>
        <translation>weights 必须是最多含 64 个命名数组的对象，而不是 {value}</translation>
    </message>
    <message>
        <source>the weights hold more than {most:,} numbers in all (weights.{key} is past the limit)</source>
        <translation>权重中的数总共超过 {most:,} 个（weights.{key} 超出了上限）</translation>
    </message>
    <message>
        <source>is not a visualnet session (expected a JSON object)</source>
        <translation>不是 visualnet 会话（应为 JSON 对象）</translation>
    </message>
    <message>
        <source>has no format version: it is not a visualnet session file</source>
        <translation>没有格式版本：它不是 visualnet 会话文件</translation>
    </message>
    <message>
        <source>format {version} is not a version number</source>
        <translation>格式 {version} 不是版本号</translation>
    </message>
    <message>
        <source>format {version} is newer than this visualnet understands ({known}); update visualnet to open it</source>
        <translation>格式 {version} 比此版本 visualnet 能识别的（{known}）更新；请更新 visualnet 后再打开</translation>
    </message>
    <message>
        <source>format {version} is not a visualnet format</source>
        <translation>格式 {version} 不是 visualnet 的格式</translation>
    </message>
    <message>
        <source>was written by {app}, not visualnet</source>
        <translation>是由 {app} 而不是 visualnet 写入的</translation>
    </message>
    <message>
        <source>a role (0 train, 1 validation, 2 test)</source>
        <translation>角色（0 训练、1 验证、2 测试）</translation>
    </message>
    <message>
        <source>cannot save {name}: {problem}</source>
        <translation>无法保存 {name}：{problem}</translation>
    </message>
    <message>
        <source>{where} must be one of {names} or a standard deviation in (0, 10]</source>
        <translation>{where} 必须是 {names} 之一，或 (0, 10] 之间的标准差</translation>
    </message>
    <message>
        <source>{where} must be a list of 1 to {most} input features from {names}, not {value}</source>
        <translation>{where} 必须是由 1 到 {most} 个输入特征组成的列表（从 {names} 中选择），而不是 {value}</translation>
    </message>
    <message>
        <source>{where} names the input feature {name} twice</source>
        <translation>{where} 中输入特征 {name} 出现了两次</translation>
    </message>
    <message>
        <source>{where} must be a list of at most {most} dropout ratios, one a hidden layer, not {value}</source>
        <translation>{where} 必须是最多 {most} 个 Dropout 比例组成的列表（每个隐藏层一个），而不是 {value}</translation>
    </message>
    <message>
        <source>{where}[{i}] is {value}: a dropout ratio is a number from 0 to {most}</source>
        <translation>{where}[{i}] 是 {value}：Dropout 比例必须是 0 到 {most} 之间的数</translation>
    </message>
    <message>
        <source>{where} must be an object of at most 16 named numbers, not {value}</source>
        <translation>{where} 必须是最多含 16 个命名数值的对象，而不是 {value}</translation>
    </message>
    <message>
        <source>{where}.lr: the learning rate is a setting of its own (lr), not a hyper-parameter</source>
        <translation>{where}.lr：学习率是单独的设置（lr），不是超参数</translation>
    </message>
    <message>
        <source>{where}.{name} must be a number from 0 up to (not including) 1, not {value}</source>
        <translation>{where}.{name} 必须是从 0 到 1（不含 1）的数，而不是 {value}</translation>
    </message>
    <message>
        <source>{where} gives training no share: its first number must be 1 or more</source>
        <translation>{where} 没有给训练集分配份额：第一个数必须不小于 1</translation>
    </message>
    <message>
        <source>{where} {sizes} would make a network of up to {count:,} weights and biases; the views follow at most {most:,} live: use fewer or narrower layers</source>
        <translation>{where} {sizes} 将构成一个最多有 {count:,} 个权重和偏置的网络；视图最多实时跟踪 {most:,} 个：请减少层数或减小宽度</translation>
    </message>
</context>
<context>
    <name>recording</name>
    <message>
        <source>iteration {n} · training loss {loss}</source>
        <translation>迭代 {n} · 训练损失 {loss}</translation>
    </message>
    <message>
        <source>iteration {n}</source>
        <translation>迭代 {n}</translation>
    </message>
    <message>
        <source>the imageio-ffmpeg package is not installed (pip install imageio-ffmpeg)</source>
        <translation>未安装 imageio-ffmpeg 包（pip install imageio-ffmpeg）</translation>
    </message>
    <message>
        <source>no ffmpeg program was found ({reason})</source>
        <translation>找不到 ffmpeg 程序（{reason}）</translation>
    </message>
    <message>
        <source>ffmpeg failed: {reason}</source>
        <translation>ffmpeg 出错：{reason}</translation>
    </message>
    <message>
        <source>An MP4 needs ffmpeg: {problem}</source>
        <translation>MP4 需要 ffmpeg：{problem}</translation>
    </message>
    <message>
        <source>cannot record {suffix}: use .gif or .mp4</source>
        <translation>无法录制为 {suffix}：请使用 .gif 或 .mp4</translation>
    </message>
    <message>
        <source>a file without a suffix</source>
        <translation>没有扩展名的文件</translation>
    </message>
    <message>
        <source>frames must be 1 to {most}, not {frames}</source>
        <translation>帧数必须在 1 到 {most} 之间，而不是 {frames}</translation>
    </message>
    <message>
        <source>steps per frame must be at least 1, not {steps}</source>
        <translation>每帧步数至少为 1，而不是 {steps}</translation>
    </message>
    <message>
        <source>cannot train: {problem}</source>
        <translation>无法训练：{problem}</translation>
    </message>
    <message>
        <source>Recording the training as an MP4 video…</source>
        <translation>正在将训练录制为 MP4 视频…</translation>
    </message>
    <message>
        <source>Recording the training as a GIF…</source>
        <translation>正在将训练录制为 GIF…</translation>
    </message>
    <message>
        <source>Record training</source>
        <translation>录制训练</translation>
    </message>
</context>
<context>
    <name>textinput</name>
    <message>
        <source>a whole number is needed here</source>
        <translation>此处需要一个整数</translation>
    </message>
    <message>
        <source>&apos;{}&apos; is not read here: type one whole number, without thousands separators</source>
        <translation>无法识别“{}”：请输入一个整数，不要用千位分隔符</translation>
    </message>
    <message>
        <source>&apos;{}&apos; is not read here: type one number, with &apos;{}&apos; as the decimal point and no thousands separator</source>
        <translation>无法识别“{}”：请输入一个数，以“{}”作小数点，不要用千位分隔符</translation>
    </message>
    <message>
        <source>&apos;{}&apos; is not part of a number</source>
        <translation>“{}”不是数字的一部分</translation>
    </message>
    <message>
        <source>type a number</source>
        <translation>请输入一个数</translation>
    </message>
    <message>
        <source>the exponent has no digits (e.g. 1e-3)</source>
        <translation>指数缺少数字（例如 1e-3）</translation>
    </message>
    <message>
        <source>type the digits</source>
        <translation>请输入数字</translation>
    </message>
    <message>
        <source>no spaces inside a number</source>
        <translation>数字中间不能有空格</translation>
    </message>
    <message>
        <source>&apos;{}&apos; is not a number</source>
        <translation>“{}”不是数</translation>
    </message>
    <message>
        <source>type the numbers, e.g. 8,8</source>
        <translation>请输入数，例如 8,8</translation>
    </message>
    <message>
        <source>at most {} numbers</source>
        <translation>最多 {} 个数</translation>
    </message>
    <message>
        <source>start with a number, e.g. 8,8</source>
        <translation>请以数开头，例如 8,8</translation>
    </message>
    <message>
        <source>two commas with no number between them</source>
        <translation>两个逗号之间缺少数</translation>
    </message>
    <message>
        <source>a number is missing after the last comma</source>
        <translation>最后一个逗号后缺少数</translation>
    </message>
    <message>
        <source>{} has more than {} digits</source>
        <translation>{} 超过 {} 位</translation>
    </message>
    <message>
        <source>separate the numbers with commas, e.g. 8,8</source>
        <translation>请用逗号分隔各数，例如 8,8</translation>
    </message>
    <message>
        <source>whole numbers only: no decimal point</source>
        <translation>只能是整数：不能有小数点</translation>
    </message>
    <message>
        <source>no negative numbers</source>
        <translation>不能是负数</translation>
    </message>
    <message>
        <source>&apos;{}&apos; is not read here: whole numbers and commas, e.g. 8,8</source>
        <translation>无法识别“{}”：只能输入整数和逗号，例如 8,8</translation>
    </message>
</context>
</TS>
