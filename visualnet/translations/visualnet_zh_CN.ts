<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
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
        <source>Hidden layers</source>
        <translation>隐藏层</translation>
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
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>{}: {}</source>
        <translation>{}：{}</translation>
    </message>
    <message>
        <source>Not taken: {}</source>
        <translation>未采用：{}</translation>
    </message>
</context>
<context>
    <name>DatasetView</name>
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
    <name>Layout</name>
    <message>
        <source>The saved layout did not fit this screen (a view was too small or off-screen): the default layout is back.</source>
        <translation>保存的布局不适合此屏幕（某个视图太小或在屏幕之外）：已恢复默认布局。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Reset layout</source>
        <translation>重置布局</translation>
    </message>
    <message>
        <source>Put every panel back where it starts, sized for this window</source>
        <translation>把每个面板放回初始位置，并按此窗口调整大小</translation>
    </message>
    <message>
        <source>The default layout is back.</source>
        <translation>已恢复默认布局。</translation>
    </message>
</context>
<context>
    <name>Readouts</name>
    <message>
        <source>iteration {n}</source>
        <translation>迭代 {n}</translation>
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
