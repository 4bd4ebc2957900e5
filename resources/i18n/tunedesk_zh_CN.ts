<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>Exact match</source>
        <translation>完全匹配</translation>
    </message>
    <message>
        <source>CER</source>
        <translation>字符错误率（CER）</translation>
    </message>
    <message>
        <source>WER</source>
        <translation>词错误率（WER）</translation>
    </message>
    <message>
        <source>BLEU</source>
        <translation>BLEU</translation>
    </message>
    <message>
        <source>chrF</source>
        <translation>chrF</translation>
    </message>
    <message>
        <source>Valid JSON</source>
        <translation>有效 JSON</translation>
    </message>
    <message>
        <source>Matches pattern</source>
        <translation>匹配模式</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Macro-F1</source>
        <translation>宏平均 F1</translation>
    </message>
    <message>
        <source>Judge (1-5)</source>
        <translation>评审（1-5）</translation>
    </message>
    <message>
        <source>Thumbs up</source>
        <translation>点赞率</translation>
    </message>
    <message>
        <source>Add to Dataset</source>
        <translation>添加到数据集</translation>
    </message>
    <message>
        <source>The conversation so far:</source>
        <translation>目前的对话：</translation>
    </message>
    <message>
        <source>The conversation so far</source>
        <translation>目前的对话</translation>
    </message>
    <message>
        <source>The ideal reply</source>
        <translation>理想回复</translation>
    </message>
    <message>
        <source>The open dataset ({name})</source>
        <translation>当前打开的数据集（{name}）</translation>
    </message>
    <message>
        <source>The open dataset</source>
        <translation>当前打开的数据集</translation>
    </message>
    <message>
        <source>Append to the open dataset</source>
        <translation>追加到当前打开的数据集</translation>
    </message>
    <message>
        <source>A JSONL &amp;file:</source>
        <translation>JSONL 文件(&amp;F)：</translation>
    </message>
    <message>
        <source>Append to a JSONL file</source>
        <translation>追加到一个 JSONL 文件</translation>
    </message>
    <message>
        <source>JSONL file</source>
        <translation>JSONL 文件</translation>
    </message>
    <message>
        <source>Br&amp;owse…</source>
        <translation>浏览(&amp;O)…</translation>
    </message>
    <message>
        <source>Choose the JSONL file</source>
        <translation>选择 JSONL 文件</translation>
    </message>
    <message>
        <source>&amp;Add Example</source>
        <translation>添加样本(&amp;A)</translation>
    </message>
    <message>
        <source>The &amp;reply to train on (edit it into the ideal answer):</source>
        <translation>用于训练的回复(&amp;R)（把它改成理想的回答）：</translation>
    </message>
    <message>
        <source>Append to which JSONL file?</source>
        <translation>追加到哪个 JSONL 文件？</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl)</source>
        <translation>JSON Lines (*.jsonl)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln token(s)</source>
        <translation>
            <numerusform>%Ln 个词元</numerusform>
        </translation>
    </message>
    <message>
        <source>first token {seconds:.2f} s</source>
        <translation>首个词元 {seconds:.2f} 秒</translation>
    </message>
    <message>
        <source>free, on this computer</source>
        <translation>免费，在本机运行</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>version {index} of {count}</source>
        <translation>第 {index} 版，共 {count} 版</translation>
    </message>
    <message>
        <source>Context from the preset:</source>
        <translation>预设中的上下文：</translation>
    </message>
    <message>
        <source>Last used {when}</source>
        <translation>上次使用 {when}</translation>
    </message>
    <message>
        <source>Search all chats</source>
        <translation>搜索所有对话</translation>
    </message>
    <message>
        <source>Search chats</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>&amp;New Chat</source>
        <translation>新对话(&amp;N)</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Rena&amp;me…</source>
        <translation>重命名(&amp;M)…</translation>
    </message>
    <message>
        <source>Rename the chat</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <source>&amp;Pin</source>
        <translation>置顶(&amp;P)</translation>
    </message>
    <message>
        <source>Pin or unpin the chat</source>
        <translation>置顶或取消置顶对话</translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation>删除(&amp;L)</translation>
    </message>
    <message>
        <source>Delete the chat</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Model for column {number}</source>
        <translation>第 {number} 栏的模型</translation>
    </message>
    <message>
        <source>Reply in column {number}</source>
        <translation>第 {number} 栏的回复</translation>
    </message>
    <message>
        <source>Timings in column {number}</source>
        <translation>第 {number} 栏的用时</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Message the model… (Ctrl+Enter sends)</source>
        <translation>给模型发消息…（Ctrl+Enter 发送）</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <source>Send the message</source>
        <translation>发送消息</translation>
    </message>
    <message>
        <source>Raw prompt</source>
        <translation>原始提示词</translation>
    </message>
    <message>
        <source>The prompt exactly as the model was trained on it, without a chat template; it is sent ending with the separator below.</source>
        <translation>与模型训练时完全相同的提示词，不套用对话模板；发送时以下面的分隔符结尾。</translation>
    </message>
    <message>
        <source>Separator</source>
        <translation>分隔符</translation>
    </message>
    <message>
        <source>e.g.  -&gt; or \n\n###\n\n</source>
        <translation>例如  -&gt; 或 \n\n###\n\n</translation>
    </message>
    <message>
        <source>Appended to the prompt when it does not end with it already; \n is a new line</source>
        <translation>提示词末尾没有它时会自动加上；\n 表示换行</translation>
    </message>
    <message>
        <source>Suggestions from the open dataset</source>
        <translation>来自当前数据集的建议</translation>
    </message>
    <message>
        <source>Label probabilities</source>
        <translation>标签概率</translation>
    </message>
    <message>
        <source>Completion timings</source>
        <translation>补全用时</translation>
    </message>
    <message>
        <source>Co&amp;mplete</source>
        <translation>补全(&amp;M)</translation>
    </message>
    <message>
        <source>Complete the prompt</source>
        <translation>补全提示词</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the completion</source>
        <translation>停止补全</translation>
    </message>
    <message>
        <source>Se&amp;parator:</source>
        <translation>分隔符(&amp;P)：</translation>
    </message>
    <message>
        <source>Open the prompt/completion data the model was trained on to see its separator, stop sequence and labels here.</source>
        <translation>打开模型训练所用的提示词/补全数据，即可在这里看到它的分隔符、停止序列和标签。</translation>
    </message>
    <message>
        <source>prompts end with {separator}</source>
        <translation>提示词以 {separator} 结尾</translation>
    </message>
    <message>
        <source>completions end with {stop}: pass it as a stop sequence</source>
        <translation>补全以 {stop} 结尾：请把它作为停止序列</translation>
    </message>
    <message>
        <source>labels: {labels}</source>
        <translation>标签：{labels}</translation>
    </message>
    <message>
        <source>The open dataset: {what}.</source>
        <translation>当前数据集：{what}。</translation>
    </message>
    <message>
        <source>Choose a model and write a prompt first</source>
        <translation>请先选择模型并写好提示词</translation>
    </message>
    <message>
        <source>first token {first} s · {total:.2f} s · finish_reason {finish}</source>
        <translation>首个词元 {first} 秒 · {total:.2f} 秒 · finish_reason {finish}</translation>
    </message>
    <message>
        <source>Labels: {labels}</source>
        <translation>标签：{labels}</translation>
    </message>
    <message>
        <source>Stop the reply</source>
        <translation>停止回复</translation>
    </message>
    <message>
        <source>&amp;Add to Dataset…</source>
        <translation>添加到数据集(&amp;A)…</translation>
    </message>
    <message>
        <source>Add this exchange to a dataset</source>
        <translation>把这轮对话添加到数据集</translation>
    </message>
    <message>
        <source>C&amp;ompare models</source>
        <translation>比较模型(&amp;O)</translation>
    </message>
    <message>
        <source>Compare models side by side</source>
        <translation>并排比较多个模型</translation>
    </message>
    <message>
        <source>Completion mo&amp;de</source>
        <translation>补全模式(&amp;D)</translation>
    </message>
    <message>
        <source>Complete a raw prompt (for completion models)</source>
        <translation>补全原始提示词（用于补全模型）</translation>
    </message>
    <message>
        <source>Prompt/completion models take a raw prompt, without a chat template; on when such a model is chosen</source>
        <translation>提示词/补全模型接收原始提示词，不套用对话模板；选择这类模型时自动打开</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>预设</translation>
    </message>
    <message>
        <source>&amp;Hide the preset&apos;s context</source>
        <translation>隐藏预设的上下文(&amp;H)</translation>
    </message>
    <message>
        <source>Hide the preset&apos;s system prompt and examples</source>
        <translation>隐藏预设的系统提示词和示例</translation>
    </message>
    <message>
        <source>Sa&amp;ve…</source>
        <translation>保存(&amp;V)…</translation>
    </message>
    <message>
        <source>Save as a preset</source>
        <translation>保存为预设</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Import presets</source>
        <translation>导入预设</translation>
    </message>
    <message>
        <source>E&amp;xport…</source>
        <translation>导出(&amp;X)…</translation>
    </message>
    <message>
        <source>Export presets</source>
        <translation>导出预设</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>System prompt (from the preset; edit freely)</source>
        <translation>系统提示词（来自预设，可随意修改）</translation>
    </message>
    <message>
        <source>Parameters (sent only when ticked)</source>
        <translation>参数（勾选后才发送）</translation>
    </message>
    <message>
        <source>e.g. \n\n | END</source>
        <translation>例如 \n\n | END</translation>
    </message>
    <message>
        <source>Up to four sequences that end the reply, separated with |; \n is a new line</source>
        <translation>最多四个结束回复的序列，用 | 分隔；\n 表示换行</translation>
    </message>
    <message>
        <source>&amp;Temperature</source>
        <translation>温度(&amp;T)</translation>
    </message>
    <message>
        <source>Top &amp;p</source>
        <translation>Top &amp;p</translation>
    </message>
    <message>
        <source>Max to&amp;kens</source>
        <translation>最大词元数(&amp;K)</translation>
    </message>
    <message>
        <source>Stop se&amp;quences</source>
        <translation>停止序列(&amp;Q)</translation>
    </message>
    <message>
        <source>S&amp;eed</source>
        <translation>随机种子(&amp;E)</translation>
    </message>
    <message>
        <source>Send {parameter}</source>
        <translation>发送{parameter}</translation>
    </message>
    <message>
        <source>Listing models…</source>
        <translation>正在列出模型…</translation>
    </message>
    <message>
        <source>Plain</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>Concise assistant</source>
        <translation>简洁助手</translation>
    </message>
    <message>
        <source>JSON answers</source>
        <translation>JSON 回答</translation>
    </message>
    <message>
        <source>Support agent</source>
        <translation>客服助手</translation>
    </message>
    <message>
        <source>{name} (yours)</source>
        <translation>{name}（你的）</translation>
    </message>
    <message>
        <source>Save as preset</source>
        <translation>保存为预设</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>{name} (mine)</source>
        <translation>{name}（我的）</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n preset(s)</source>
        <translation>
            <numerusform>已导入 %n 个预设</numerusform>
        </translation>
    </message>
    <message>
        <source>Exported presets to {path}</source>
        <translation>已将预设导出到 {path}</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Delete “{title}” and all its messages?</source>
        <translation>删除“{title}”及其所有消息？</translation>
    </message>
    <message numerus="yes">
        <source>Show %Ln earlier message(s)</source>
        <translation>
            <numerusform>显示更早的 %Ln 条消息</numerusform>
        </translation>
    </message>
    <message>
        <source>Ask something to start. Replies stream in as the model writes them.</source>
        <translation>提个问题开始吧。模型边写，回复边显示。</translation>
    </message>
    <message>
        <source>Copied the message</source>
        <translation>已复制消息</translation>
    </message>
    <message>
        <source>Choose a model first (they are listed on the right)</source>
        <translation>请先选择一个模型（列在右侧）</translation>
    </message>
    <message>
        <source>Edit and resend</source>
        <translation>编辑并重新发送</translation>
    </message>
    <message>
        <source>Your message:</source>
        <translation>你的消息：</translation>
    </message>
    <message>
        <source>Choose at least two models to compare</source>
        <translation>请至少选择两个模型进行比较</translation>
    </message>
    <message>
        <source>Waiting for the first token…</source>
        <translation>正在等待第一个词元…</translation>
    </message>
    <message>
        <source>Comparison finished</source>
        <translation>比较完成</translation>
    </message>
    <message>
        <source>There is no reply to add yet</source>
        <translation>还没有可以添加的回复</translation>
    </message>
    <message>
        <source>Something Went Wrong</source>
        <translation>出错了</translation>
    </message>
    <message>
        <source>TuneDesk hit an error it did not expect:

{summary}</source>
        <translation>TuneDesk 遇到了一个意外错误：

{summary}</translation>
    </message>
    <message>
        <source>Open &amp;Log Folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message numerus="yes">
        <source>(%n errors so far)</source>
        <translation>
            <numerusform>（目前共 %n 个错误）</numerusform>
        </translation>
    </message>
    <message>
        <source>The details are in {log}{more}. Your data is saved as you work; if something looks wrong, restart TuneDesk, and attach that file to a bug report.</source>
        <translation>详细信息在 {log}{more}。你的数据在工作时随时保存；如果有异常，请重新启动 TuneDesk，并把该文件附在错误报告中。</translation>
    </message>
    <message>
        <source>Edit example</source>
        <translation>编辑样本</translation>
    </message>
    <message>
        <source>Add example</source>
        <translation>添加样本</translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln example(s)</source>
        <translation>
            <numerusform>删除 %Ln 个样本</numerusform>
        </translation>
    </message>
    <message>
        <source>Changing the examples</source>
        <translation>修改示例</translation>
    </message>
    <message>
        <source>Counting tokens for {model}</source>
        <translation>为 {model} 统计词元</translation>
    </message>
    <message>
        <source>Train on this reply</source>
        <translation>用这条回复训练</translation>
    </message>
    <message>
        <source>Unticked: weight 0, the model sees this reply but does not learn from it</source>
        <translation>不勾选：权重为 0，模型能看到这条回复，但不从中学习</translation>
    </message>
    <message>
        <source>Move message up</source>
        <translation>上移消息</translation>
    </message>
    <message>
        <source>Move message down</source>
        <translation>下移消息</translation>
    </message>
    <message>
        <source>Remove this message</source>
        <translation>删除这条消息</translation>
    </message>
    <message>
        <source>Tool calls as JSON (optional)</source>
        <translation>工具调用（JSON，可选）</translation>
    </message>
    <message>
        <source>Role of message {number}</source>
        <translation>第 {number} 条消息的角色</translation>
    </message>
    <message>
        <source>Train on message {number}</source>
        <translation>用第 {number} 条消息训练</translation>
    </message>
    <message>
        <source>Move message up ({number})</source>
        <translation>上移消息（{number}）</translation>
    </message>
    <message>
        <source>Move message down ({number})</source>
        <translation>下移消息（{number}）</translation>
    </message>
    <message>
        <source>Remove message {number}</source>
        <translation>删除第 {number} 条消息</translation>
    </message>
    <message>
        <source>Content of message {number}</source>
        <translation>第 {number} 条消息的内容</translation>
    </message>
    <message>
        <source>Tool calls of message {number}</source>
        <translation>第 {number} 条消息的工具调用</translation>
    </message>
    <message>
        <source>Select an example to edit it here</source>
        <translation>选择一个样本，在这里编辑</translation>
    </message>
    <message>
        <source>Add message</source>
        <translation>添加消息</translation>
    </message>
    <message>
        <source>Raw text of the example</source>
        <translation>样本的原始文本</translation>
    </message>
    <message>
        <source> (line {line})</source>
        <translation>（第 {line} 行）</translation>
    </message>
    <message>
        <source>Example {number}{where} is not valid JSON. Fix it here; nothing is lost until you do.</source>
        <translation>样本 {number}{where} 不是有效的 JSON。请在这里修正；在你修正之前什么都不会丢失。</translation>
    </message>
    <message numerus="yes">
        <source>Example {number}{where}: %n message(s)</source>
        <translation>
            <numerusform>样本 {number}{where}：%n 条消息</numerusform>
        </translation>
    </message>
    <message>
        <source>Example {number}{where}</source>
        <translation>样本 {number}{where}</translation>
    </message>
    <message>
        <source>a JSON list</source>
        <translation>一个 JSON 列表</translation>
    </message>
    <message>
        <source>a JSON string</source>
        <translation>一个 JSON 字符串</translation>
    </message>
    <message>
        <source>a JSON true/false value</source>
        <translation>一个 JSON 布尔值</translation>
    </message>
    <message>
        <source>a JSON number</source>
        <translation>一个 JSON 数字</translation>
    </message>
    <message>
        <source>Example {number}{where} is {what}, not an example object. Fix it here; nothing is lost until you do.</source>
        <translation>样本 {number}{where} 是{what}，而不是样本对象。请在这里修正；在你修正之前什么都不会丢失。</translation>
    </message>
    <message>
        <source>Find and Replace</source>
        <translation>查找和替换</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>替换为</translation>
    </message>
    <message>
        <source>&amp;Match case</source>
        <translation>区分大小写(&amp;M)</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>&amp;Find:</source>
        <translation>查找(&amp;F)：</translation>
    </message>
    <message>
        <source>Replace &amp;with:</source>
        <translation>替换为(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Show Matches</source>
        <translation>显示匹配项(&amp;S)</translation>
    </message>
    <message>
        <source>Replace &amp;All</source>
        <translation>全部替换(&amp;A)</translation>
    </message>
    <message numerus="yes">
        <source>Replaced %Ln time(s) (Undo takes it back).</source>
        <translation>
            <numerusform>已替换 %Ln 处（可以撤销）。</numerusform>
        </translation>
    </message>
    <message>
        <source>“{text}” was not found.</source>
        <translation>未找到“{text}”。</translation>
    </message>
    <message>
        <source>Replacing…</source>
        <translation>正在替换…</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>User message</source>
        <translation>用户消息</translation>
    </message>
    <message>
        <source>Assistant reply</source>
        <translation>助手回复</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示词</translation>
    </message>
    <message>
        <source>Completion</source>
        <translation>补全</translation>
    </message>
    <message>
        <source>Import {name}</source>
        <translation>导入 {name}</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;{name}&lt;/b&gt; is a table ({format}, {encoding}) with %n column(s). Choose which column feeds each field of a training example; the preview shows the first rows.</source>
        <translation>
            <numerusform>&lt;b&gt;{name}&lt;/b&gt; 是一个表格（{format}，{encoding}），共 %n 列。请选择每个训练样本字段取自哪一列；预览显示前几行。</numerusform>
        </translation>
    </message>
    <message>
        <source>Preview of the first rows</source>
        <translation>前几行的预览</translation>
    </message>
    <message>
        <source>Examples are</source>
        <translation>样本类型</translation>
    </message>
    <message>
        <source>&amp;Conversations (system / user / assistant)</source>
        <translation>对话(&amp;C)（系统 / 用户 / 助手）</translation>
    </message>
    <message>
        <source>&amp;Prompt and completion pairs (legacy models)</source>
        <translation>提示词与补全对(&amp;P)（旧版模型）</translation>
    </message>
    <message>
        <source>Prompt and completion pairs</source>
        <translation>提示词与补全对</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Column for {field}</source>
        <translation>{field}对应的列</translation>
    </message>
    <message>
        <source>{field}:</source>
        <translation>{field}：</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>Choose a column for: {fields}.</source>
        <translation>请为这些字段选择列：{fields}。</translation>
    </message>
    <message>
        <source>The column {column} is chosen for two fields.</source>
        <translation>列 {column} 被选给了两个字段。</translation>
    </message>
    <message>
        <source>not imported</source>
        <translation>未导入</translation>
    </message>
    <message numerus="yes">
        <source>%Ln training example(s)</source>
        <translation>
            <numerusform>%Ln 个训练样本</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln validation</source>
        <translation>
            <numerusform>%Ln 个验证样本</numerusform>
        </translation>
    </message>
    <message>
        <source>{count:,} tokens ({tokenizer})</source>
        <translation>{count:,} 个词元（{tokenizer}）</translation>
    </message>
    <message numerus="yes">
        <source>%n epoch(s) → {tokens:,} billed tokens</source>
        <translation>
            <numerusform>%n 轮 → 计费词元 {tokens:,} 个</numerusform>
        </translation>
    </message>
    <message>
        <source>about ${cost:,.2f} (prices of {date})</source>
        <translation>约 ${cost:,.2f}（{date} 的价格）</translation>
    </message>
    <message>
        <source>about {duration} on this computer</source>
        <translation>在本机约需 {duration}</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>example {number}</source>
        <translation>样本 {number}</translation>
    </message>
    <message>
        <source>{where}: {message}</source>
        <translation>{where}：{message}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>line {line}</source>
        <translation>第 {line} 行</translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more</source>
        <translation>
            <numerusform>…… 另有 %Ln 个</numerusform>
        </translation>
    </message>
    <message>
        <source>fix: {fix}</source>
        <translation>修正：{fix}</translation>
    </message>
    <message>
        <source>Filter examples (Ctrl+F)</source>
        <translation>筛选样本（Ctrl+F）</translation>
    </message>
    <message>
        <source>Filter examples</source>
        <translation>筛选样本</translation>
    </message>
    <message>
        <source>All examples</source>
        <translation>所有样本</translation>
    </message>
    <message>
        <source>Only errors</source>
        <translation>仅错误</translation>
    </message>
    <message>
        <source>Only warnings</source>
        <translation>仅警告</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Loading progress</source>
        <translation>加载进度</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Select all examples</source>
        <translation>选择所有样本</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Token summary</source>
        <translation>词元摘要</translation>
    </message>
    <message>
        <source>Target model</source>
        <translation>目标模型</translation>
    </message>
    <message>
        <source>The model you will fine-tune: it decides the tokenizer, the length limit and the price</source>
        <translation>你要微调的模型：它决定分词器、长度上限和价格</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>{name} ({where})</source>
        <translation>{name}（{where}）</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>估算</translation>
    </message>
    <message>
        <source>&lt;b&gt;Problems&lt;/b&gt;</source>
        <translation>&lt;b&gt;问题&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&amp;Target:</source>
        <translation>目标(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>训练轮数(&amp;E)：</translation>
    </message>
    <message>
        <source>Could not autosave: {error}</source>
        <translation>无法自动保存：{error}</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Loading {name}… %p%</source>
        <translation>正在加载 {name}… %p%</translation>
    </message>
    <message>
        <source>{path}: reading ended without a result</source>
        <translation>{path}：读取结束但没有结果</translation>
    </message>
    <message numerus="yes">
        <source>Opened {name}: %Ln example(s) ({format}, {encoding}) in {seconds:.1f} s</source>
        <translation>
            <numerusform>已打开 {name}：%Ln 个样本（{format}，{encoding}），用时 {seconds:.1f} 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>{name} (partly read)</source>
        <translation>{name}（部分读取）</translation>
    </message>
    <message numerus="yes">
        <source>Could not finish reading {name}: {error}. The %Ln example(s) read are shown; saving asks for a new name, so the file itself is not changed.</source>
        <translation>
            <numerusform>无法读完 {name}：{error}。已显示读到的 %Ln 个样本；保存时会要求新文件名，原文件不会被改动。</numerusform>
        </translation>
    </message>
    <message>
        <source>the previous version is kept as {backup}</source>
        <translation>旧版本保留为 {backup}</translation>
    </message>
    <message numerus="yes">
        <source>Saved {name} (%Ln example(s))</source>
        <translation>
            <numerusform>已保存 {name}（%Ln 个样本）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln example(s)</source>
        <translation>
            <numerusform>%Ln 个样本</numerusform>
        </translation>
    </message>
    <message>
        <source>{tokens:,} tokens ({tokenizer})</source>
        <translation>{tokens:,} 个词元（{tokenizer}）</translation>
    </message>
    <message numerus="yes">
        <source>%Ln error(s)</source>
        <translation>
            <numerusform>%Ln 个错误</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln warning(s)</source>
        <translation>
            <numerusform>%Ln 个警告</numerusform>
        </translation>
    </message>
    <message>
        <source>Duplicate examples</source>
        <translation>复制样本</translation>
    </message>
    <message numerus="yes">
        <source>Working on %Ln example(s)…</source>
        <translation>
            <numerusform>正在处理 %Ln 个示例…</numerusform>
        </translation>
    </message>
    <message>
        <source>Only conversations have a system prompt; convert the dataset to chat first</source>
        <translation>只有对话才有系统提示词；请先把数据集转换为对话</translation>
    </message>
    <message>
        <source>Set the system prompt</source>
        <translation>设置系统提示词</translation>
    </message>
    <message>
        <source>No suggested fixes to apply</source>
        <translation>没有可应用的建议修正</translation>
    </message>
    <message numerus="yes">
        <source>%n suggested fix(es)</source>
        <translation>
            <numerusform>%n 项建议修正</numerusform>
        </translation>
    </message>
    <message>
        <source>Apply {fix}</source>
        <translation>应用{fix}</translation>
    </message>
    <message>
        <source>Convert to conversations</source>
        <translation>转换为对话</translation>
    </message>
    <message>
        <source>Convert to prompt/completion</source>
        <translation>转换为提示词/补全</translation>
    </message>
    <message numerus="yes">
        <source>Remove %Ln duplicate example(s)</source>
        <translation>
            <numerusform>删除 %Ln 个重复样本</numerusform>
        </translation>
    </message>
    <message>
        <source>No duplicate examples</source>
        <translation>没有重复的样本</translation>
    </message>
    <message>
        <source>Shuffle the examples</source>
        <translation>打乱样本顺序</translation>
    </message>
    <message numerus="yes">
        <source>Split off %Ln validation example(s) to {file}</source>
        <translation>
            <numerusform>拆分出 %Ln 个验证样本到 {file}</numerusform>
        </translation>
    </message>
    <message>
        <source>Replace {count:,} × “{text}”</source>
        <translation>替换 {count:,} 处“{text}”</translation>
    </message>
    <message>
        <source>“{text}” was not found</source>
        <translation>未找到“{text}”</translation>
    </message>
    <message>
        <source>Counting tokens for {model}…</source>
        <translation>正在为 {model} 计算词元…</translation>
    </message>
    <message>
        <source>Cannot count tokens for {model}: {error}</source>
        <translation>无法为 {model} 计算词元：{error}</translation>
    </message>
    <message>
        <source>Add examples to see what training would take.</source>
        <translation>添加样本后即可看到训练需要多少。</translation>
    </message>
    <message numerus="yes">
        <source>{tokens:,} billed tokens (%n epoch(s))</source>
        <translation>
            <numerusform>计费词元 {tokens:,} 个（%n 轮）</numerusform>
        </translation>
    </message>
    <message>
        <source>about ${cost:,.2f} at ${price:g} per 1M (prices of {date})</source>
        <translation>约 ${cost:,.2f}，按每百万 ${price:g} 计（{date} 的价格）</translation>
    </message>
    <message>
        <source>about {duration} of training on this computer</source>
        <translation>在本机训练约需 {duration}</translation>
    </message>
    <message>
        <source>no price known for this model</source>
        <translation>此模型没有已知价格</translation>
    </message>
    <message>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <source>Turns</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>词元</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>部分</translation>
    </message>
    <message>
        <source>Input begins</source>
        <translation>输入开头</translation>
    </message>
    <message>
        <source>Output begins</source>
        <translation>输出开头</translation>
    </message>
    <message>
        <source>{part} of {parts}</source>
        <translation>{part} / {parts}</translation>
    </message>
    <message>
        <source>Import Documents</source>
        <translation>导入文档</translation>
    </message>
    <message>
        <source>Folder of documents</source>
        <translation>文档文件夹</translation>
    </message>
    <message>
        <source>Folder of outputs</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <source>optional: the file of the same name there is each document&apos;s output</source>
        <translation>可选：其中同名的文件就是每个文档的输出</translation>
    </message>
    <message>
        <source>&amp;Documents:</source>
        <translation>文档(&amp;D)：</translation>
    </message>
    <message>
        <source>Choose the folder of documents</source>
        <translation>选择文档文件夹</translation>
    </message>
    <message>
        <source>&amp;Outputs:</source>
        <translation>输出(&amp;O)：</translation>
    </message>
    <message>
        <source>Choose the folder of outputs</source>
        <translation>选择输出文件夹</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>A .txt and a .md with the same name are a pair: the text is the input and the Markdown the output, cut at matching places. A document without a partner becomes “part k of n” examples.</source>
        <translation>同名的 .txt 和 .md 是一对：文本是输入，Markdown 是输出，在对应的位置切分。没有配对的文档会变成“第 k 部分，共 n 部分”的样本。</translation>
    </message>
    <message>
        <source>Cut each into &amp;parts:</source>
        <translation>每个切成几部分(&amp;P)：</translation>
    </message>
    <message>
        <source>Or into as few parts as keep each under &amp;tokens:</source>
        <translation>或切成尽量少的部分，使每部分不超过(&amp;T)：</translation>
    </message>
    <message>
        <source>Number of parts</source>
        <translation>部分数</translation>
    </message>
    <message>
        <source>Token budget</source>
        <translation>词元上限</translation>
    </message>
    <message>
        <source>tokens ({model})</source>
        <translation>个词元（{model}）</translation>
    </message>
    <message>
        <source>optional, e.g. Convert the plain text into Markdown.</source>
        <translation>可选，例如：把纯文本转换为 Markdown。</translation>
    </message>
    <message>
        <source>&amp;System prompt:</source>
        <translation>系统提示词(&amp;S)：</translation>
    </message>
    <message>
        <source>Preview of the parts</source>
        <translation>各部分的预览</translation>
    </message>
    <message>
        <source>Preview state</source>
        <translation>预览状态</translation>
    </message>
    <message>
        <source>Reading the documents</source>
        <translation>正在读取文档</translation>
    </message>
    <message numerus="yes">
        <source>&amp;Add %n Example(s)</source>
        <translation>
            <numerusform>添加 %n 个样本(&amp;A)</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading the documents…</source>
        <translation>正在读取文档…</translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) → {examples:,} examples; the largest part is {tokens:,} tokens</source>
        <translation>
            <numerusform>%n 个文档 → {examples:,} 个样本；最大的部分有 {tokens:,} 个词元</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n part(s) over the budget: a single paragraph is longer than it)</source>
        <translation>
            <numerusform>（%n 个部分超出上限：单个段落就比上限长）</numerusform>
        </translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Preferred</source>
        <translation>偏好回复</translation>
    </message>
    <message>
        <source>Non-preferred</source>
        <translation>非偏好回复</translation>
    </message>
    <message>
        <source>No problems</source>
        <translation>没有问题</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>正常</translation>
    </message>
    <message numerus="yes">
        <source>%n turn(s)</source>
        <translation>
            <numerusform>%n 轮对话</numerusform>
        </translation>
    </message>
    <message>
        <source>A multi-turn conversation: open it in the editor to see every message</source>
        <translation>多轮对话：在编辑器中打开可查看每条消息</translation>
    </message>
    <message>
        <source>the test set&apos;s own system prompt</source>
        <translation>测试集自带的系统提示词</translation>
    </message>
    <message>
        <source>its own system prompt</source>
        <translation>它自己的系统提示词</translation>
    </message>
    <message>
        <source>Provider of the {what}</source>
        <translation>{what}的提供方</translation>
    </message>
    <message>
        <source>&amp;Provider:</source>
        <translation>提供方(&amp;P)：</translation>
    </message>
    <message>
        <source>line {line}: write it as name: value, value, …</source>
        <translation>第 {line} 行：请写成 名称: 值, 值, …</translation>
    </message>
    <message>
        <source>Generate Examples</source>
        <translation>生成样本</translation>
    </message>
    <message>
        <source>Variables</source>
        <translation>变量</translation>
    </message>
    <message>
        <source>One variable a line: name: value, value, …</source>
        <translation>每行一个变量：名称: 值, 值, …</translation>
    </message>
    <message>
        <source>Prompt template</source>
        <translation>提示词模板</translation>
    </message>
    <message>
        <source>System message</source>
        <translation>系统消息</translation>
    </message>
    <message>
        <source>optional; may use the {variables} too</source>
        <translation>可选；也可以用 {名称} 使用变量</translation>
    </message>
    <message>
        <source>Answers per combination</source>
        <translation>每种组合的回答数</translation>
    </message>
    <message>
        <source>every combination</source>
        <translation>全部组合</translation>
    </message>
    <message>
        <source>Sample of combinations</source>
        <translation>组合抽样数</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>Requests at once</source>
        <translation>同时请求数</translation>
    </message>
    <message>
        <source>&amp;Variables:</source>
        <translation>变量(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Template:</source>
        <translation>模板(&amp;T)：</translation>
    </message>
    <message>
        <source>S&amp;ystem:</source>
        <translation>系统(&amp;Y)：</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>预设(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Sample:</source>
        <translation>抽样(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Answers each:</source>
        <translation>每种回答数(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Model:</source>
        <translation>模型(&amp;M)：</translation>
    </message>
    <message>
        <source>At once</source>
        <translation>同时</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>参数：</translation>
    </message>
    <message>
        <source>How many requests</source>
        <translation>请求数</translation>
    </message>
    <message>
        <source>Generation progress</source>
        <translation>生成进度</translation>
    </message>
    <message>
        <source>Generation state</source>
        <translation>生成状态</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>导出 &amp;CSV…</translation>
    </message>
    <message>
        <source>Export the answers as CSV, one row per answer</source>
        <translation>把回答导出为 CSV，每个回答一行</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s)</source>
        <translation>
            <numerusform>%n 个请求</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already in the dataset (not asked again)</source>
        <translation>
            <numerusform>%n 个已在数据集中（不会再问）</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose the model that writes the answers.</source>
        <translation>请选择撰写回答的模型。</translation>
    </message>
    <message>
        <source>Asking {model}…</source>
        <translation>正在询问 {model}…</translation>
    </message>
    <message numerus="yes">
        <source>Stopped: %n answer(s) kept; Generate asks for the rest.</source>
        <translation>
            <numerusform>已停止：保留了 %n 个回答；“生成”会继续询问其余部分。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done: %n answer(s) added.</source>
        <translation>
            <numerusform>完成：已添加 %n 个回答。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stopped at max tokens; the Problems list flags them.</source>
        <translation>
            <numerusform>%n 个在最大词元数处停止；“问题”列表会标出它们。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) kept; Generate asks for the rest.</source>
        <translation>
            <numerusform>保留了 %n 个回答；“生成”会继续询问其余部分。</numerusform>
        </translation>
    </message>
    <message>
        <source>Export the answers</source>
        <translation>导出回答</translation>
    </message>
    <message>
        <source>Exported the answers to {path}</source>
        <translation>已将回答导出到 {path}</translation>
    </message>
    <message>
        <source>Asking the provider for its models…</source>
        <translation>正在向提供方查询模型…</translation>
    </message>
    <message>
        <source>Add a Model to Compare</source>
        <translation>添加要比较的模型</translation>
    </message>
    <message>
        <source>None: the test set&apos;s own system prompt</source>
        <translation>无：使用测试集自带的系统提示词</translation>
    </message>
    <message>
        <source>the preset&apos;s or provider&apos;s</source>
        <translation>预设或提供方的默认值</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>最大词元数</translation>
    </message>
    <message>
        <source>Pre&amp;set:</source>
        <translation>预设(&amp;S)：</translation>
    </message>
    <message>
        <source>Max t&amp;okens:</source>
        <translation>最大词元数(&amp;O)：</translation>
    </message>
    <message>
        <source>Have a Model Judge the Answers</source>
        <translation>让模型评审答案</translation>
    </message>
    <message>
        <source>Judge model</source>
        <translation>评审模型</translation>
    </message>
    <message>
        <source>Rubric</source>
        <translation>评分标准</translation>
    </message>
    <message>
        <source>&amp;Rubric:</source>
        <translation>评分标准(&amp;R)：</translation>
    </message>
    <message>
        <source>A strong model judges best; how far it agrees with your good/bad marks is shown.</source>
        <translation>越强的模型评审得越好；会显示它与你的好/坏标记的一致程度。</translation>
    </message>
    <message>
        <source>&amp;Judge</source>
        <translation>评审(&amp;J)</translation>
    </message>
    <message>
        <source>Evaluation runs</source>
        <translation>评估运行</translation>
    </message>
    <message>
        <source>&amp;New Run</source>
        <translation>新建运行(&amp;N)</translation>
    </message>
    <message>
        <source>De&amp;lete Run</source>
        <translation>删除运行(&amp;L)</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Test set: held-out examples the models did not train on</source>
        <translation>测试集：模型训练时没有见过的留出样本</translation>
    </message>
    <message>
        <source>Use the open dataset</source>
        <translation>使用当前打开的数据集</translation>
    </message>
    <message>
        <source>A &amp;file:</source>
        <translation>文件(&amp;F)：</translation>
    </message>
    <message>
        <source>Use a file</source>
        <translation>使用文件</translation>
    </message>
    <message>
        <source>Test set file</source>
        <translation>测试集文件</translation>
    </message>
    <message>
        <source>a JSONL, CSV, XLSX… of held-out examples</source>
        <translation>留出样本的 JSONL、CSV、XLSX… 文件</translation>
    </message>
    <message>
        <source>Bro&amp;wse…</source>
        <translation>浏览(&amp;W)…</translation>
    </message>
    <message>
        <source>Choose the test set file</source>
        <translation>选择测试集文件</translation>
    </message>
    <message>
        <source>Models, each asked its own way</source>
        <translation>模型（各用各的提问方式）</translation>
    </message>
    <message>
        <source>Models to compare</source>
        <translation>要比较的模型</translation>
    </message>
    <message>
        <source>&amp;Add Model…</source>
        <translation>添加模型(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Remove the model</source>
        <translation>移除该模型</translation>
    </message>
    <message>
        <source>Add each model to compare, asked its own way: for example the base model with a one-shot preset, and your tuned model with the short prompt it was trained with.</source>
        <translation>添加每个要比较的模型，并各用各的提问方式：例如基础模型配一个单样本预设，你的微调模型配它训练时用的简短提示词。</translation>
    </message>
    <message>
        <source>Scores (chosen from the references; switch any on or off)</source>
        <translation>评分指标（根据参考答案选择；可随意开关）</translation>
    </message>
    <message>
        <source>Score with {label}</source>
        <translation>用{label}评分</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Chart this score</source>
        <translation>为此评分作图</translation>
    </message>
    <message>
        <source>C&amp;hart:</source>
        <translation>图表(&amp;H)：</translation>
    </message>
    <message>
        <source>The judge&apos;s agreement with your marks</source>
        <translation>评审模型与你的标记的一致程度</translation>
    </message>
    <message>
        <source>&amp;Judge…</source>
        <translation>评审(&amp;J)…</translation>
    </message>
    <message>
        <source>Have a model score every answer from 1 to 5</source>
        <translation>让一个模型为每个答案打 1 到 5 分</translation>
    </message>
    <message>
        <source>Confusion matrices</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Score shown per example</source>
        <translation>每个样本显示的评分</translation>
    </message>
    <message>
        <source>The example, the reference and each output</source>
        <translation>样本、参考答案和每个输出</translation>
    </message>
    <message>
        <source>Output to mark</source>
        <translation>要标记的输出</translation>
    </message>
    <message>
        <source>✓ &amp;Good</source>
        <translation>✓ 好(&amp;G)</translation>
    </message>
    <message>
        <source>Mark the output good</source>
        <translation>标记该输出为好</translation>
    </message>
    <message>
        <source>✗ &amp;Bad</source>
        <translation>✗ 差(&amp;B)</translation>
    </message>
    <message>
        <source>Mark the output bad</source>
        <translation>标记该输出为差</translation>
    </message>
    <message>
        <source>Add to &amp;Dataset…</source>
        <translation>添加到数据集(&amp;D)…</translation>
    </message>
    <message>
        <source>Add this example, with the output edited, to a dataset</source>
        <translation>把这个样本（连同编辑后的输出）添加到数据集</translation>
    </message>
    <message>
        <source>Sc&amp;ore:</source>
        <translation>评分(&amp;O)：</translation>
    </message>
    <message>
        <source>Click a column to sort; the worst come first.</source>
        <translation>点击列标题排序；最差的排在最前。</translation>
    </message>
    <message>
        <source>Job whose checkpoints to score</source>
        <translation>要评分其检查点的任务</translation>
    </message>
    <message>
        <source>Re&amp;fresh</source>
        <translation>刷新(&amp;F)</translation>
    </message>
    <message>
        <source>List the jobs again</source>
        <translation>重新列出任务</translation>
    </message>
    <message>
        <source>&amp;Score Every Checkpoint</source>
        <translation>为每个检查点评分(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Job:</source>
        <translation>任务(&amp;J)：</translation>
    </message>
    <message>
        <source>Scores each checkpoint of a finished job on the test set, beside its validation loss.</source>
        <translation>在测试集上为已完成任务的每个检查点评分，并与其验证损失并列显示。</translation>
    </message>
    <message>
        <source>Checkpoint scores</source>
        <translation>检查点评分</translation>
    </message>
    <message>
        <source>&amp;Chat with the Best Checkpoint</source>
        <translation>与最佳检查点对话(&amp;C)</translation>
    </message>
    <message>
        <source>Evaluation pages</source>
        <translation>评估页面</translation>
    </message>
    <message>
        <source>Set&amp;up</source>
        <translation>设置(&amp;U)</translation>
    </message>
    <message>
        <source>Su&amp;mmary</source>
        <translation>摘要(&amp;M)</translation>
    </message>
    <message>
        <source>E&amp;xamples</source>
        <translation>样本(&amp;X)</translation>
    </message>
    <message>
        <source>Chec&amp;kpoints</source>
        <translation>检查点(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Run the evaluation</source>
        <translation>运行评估</translation>
    </message>
    <message>
        <source>Stop the evaluation</source>
        <translation>停止评估</translation>
    </message>
    <message>
        <source>Ex&amp;port…</source>
        <translation>导出(&amp;P)…</translation>
    </message>
    <message>
        <source>Export the run as CSV, HTML or Markdown</source>
        <translation>把运行结果导出为 CSV、HTML 或 Markdown</translation>
    </message>
    <message>
        <source>Evaluation progress</source>
        <translation>评估进度</translation>
    </message>
    <message>
        <source>%v of %m answers</source>
        <translation>%v / %m 个答案</translation>
    </message>
    <message>
        <source>Evaluation state</source>
        <translation>评估状态</translation>
    </message>
    <message numerus="yes">
        <source>The open dataset: {name} (%Ln example(s))</source>
        <translation>
            <numerusform>当前打开的数据集：{name}（%Ln 个样本）</numerusform>
        </translation>
    </message>
    <message>
        <source>The open dataset (none is open)</source>
        <translation>当前打开的数据集（没有打开）</translation>
    </message>
    <message>
        <source>Choose the held-out examples</source>
        <translation>选择留出样本</translation>
    </message>
    <message>
        <source>Datasets (*.jsonl *.json *.csv *.tsv *.xlsx *.txt);;All files (*)</source>
        <translation>数据集 (*.jsonl *.json *.csv *.tsv *.xlsx *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>choose a test set file, or open a dataset in the Datasets tab</source>
        <translation>请选择测试集文件，或在“数据集”标签页中打开一个数据集</translation>
    </message>
    <message numerus="yes">
        <source>%Ln example(s) to compare against their reference answers</source>
        <translation>
            <numerusform>%Ln 个样本将与其参考答案比较</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped (e.g. line {line}: {reason})</source>
        <translation>
            <numerusform>跳过 %Ln 个（例如第 {line} 行：{reason}）</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete the run?</source>
        <translation>删除此运行？</translation>
    </message>
    <message>
        <source>Delete “{name}” and its answers?</source>
        <translation>删除“{name}”及其答案？</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Add at least one model to compare.</source>
        <translation>请至少添加一个要比较的模型。</translation>
    </message>
    <message>
        <source>The test set has no example with an answer to compare with.</source>
        <translation>测试集中没有带参考答案的样本可供比较。</translation>
    </message>
    <message numerus="yes">
        <source>Asking %Ln question(s)…</source>
        <translation>
            <numerusform>正在提出 %Ln 个问题…</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopping after the answers on their way…</source>
        <translation>等途中的答案到达后停止…</translation>
    </message>
    <message numerus="yes">
        <source>Stopped with %Ln answer(s) to go; Resume asks only for those.</source>
        <translation>
            <numerusform>已停止，还有 %Ln 个答案未完成；“继续”只会问这些。</numerusform>
        </translation>
    </message>
    <message>
        <source>Done in {seconds:.0f} s</source>
        <translation>完成，用时 {seconds:.0f} 秒</translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed (Resume asks them again)</source>
        <translation>
            <numerusform>%Ln 个失败（“继续”会重新提问）</numerusform>
        </translation>
    </message>
    <message>
        <source>Waiting {seconds:.0f} s.</source>
        <translation>等待 {seconds:.0f} 秒。</translation>
    </message>
    <message>
        <source>{answered:,} of {todo:,} answered · about {left:.0f} s left</source>
        <translation>已回答 {answered:,} / {todo:,} · 约剩 {left:.0f} 秒</translation>
    </message>
    <message>
        <source>Cannot summarise the run: {error}</source>
        <translation>无法汇总此运行：{error}</translation>
    </message>
    <message>
        <source>{metric} (lower is better)</source>
        <translation>{metric}（越低越好）</translation>
    </message>
    <message>
        <source>{metric} (higher is better)</source>
        <translation>{metric}（越高越好）</translation>
    </message>
    <message>
        <source>best</source>
        <translation>最佳</translation>
    </message>
    <message>
        <source>Choose an example to see each output beside the reference.</source>
        <translation>选择一个样本，查看每个输出与参考答案的对比。</translation>
    </message>
    <message>
        <source>Example {number} (line {line})</source>
        <translation>样本 {number}（第 {line} 行）</translation>
    </message>
    <message>
        <source>Example {number}</source>
        <translation>样本 {number}</translation>
    </message>
    <message>
        <source>In each output: {extra}not in the reference{end}, {missing}missing{end}.</source>
        <translation>每个输出中：{extra}参考答案中没有的{end}，{missing}缺少的{end}。</translation>
    </message>
    <message>
        <source>good</source>
        <translation>好</translation>
    </message>
    <message>
        <source>bad</source>
        <translation>差</translation>
    </message>
    <message>
        <source>judge {score:g}/5</source>
        <translation>评审 {score:g}/5</translation>
    </message>
    <message>
        <source>judge</source>
        <translation>评审</translation>
    </message>
    <message>
        <source>{model} is judging the answers…</source>
        <translation>{model} 正在评审答案…</translation>
    </message>
    <message numerus="yes">
        <source>{model} scored %Ln answer(s).</source>
        <translation>
            <numerusform>{model} 已为 %Ln 个答案评分。</numerusform>
        </translation>
    </message>
    <message>
        <source>Mark outputs good or bad to see if the judge agrees with you.</source>
        <translation>把输出标记为好或差，看看评审模型是否与你一致。</translation>
    </message>
    <message>
        <source>The judge agrees with your marks: Kendall&apos;s τ = {tau:.2f} over {n} outputs</source>
        <translation>评审模型与你的标记一致：Kendall τ = {tau:.2f}，共 {n} 个输出</translation>
    </message>
    <message>
        <source>Export the run</source>
        <translation>导出运行结果</translation>
    </message>
    <message>
        <source>HTML report (*.html);;Markdown (*.md);;CSV, one row per answer (*.csv)</source>
        <translation>HTML 报告 (*.html);;Markdown (*.md);;CSV，每个答案一行 (*.csv)</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>Exported the run to {path}</source>
        <translation>已将运行结果导出到 {path}</translation>
    </message>
    <message>
        <source>Listing the jobs on this computer…</source>
        <translation>正在列出本机上的任务…</translation>
    </message>
    <message>
        <source>No finished job on this computer yet.</source>
        <translation>本机上还没有已完成的任务。</translation>
    </message>
    <message>
        <source>Reading the job&apos;s checkpoints…</source>
        <translation>正在读取任务的检查点…</translation>
    </message>
    <message>
        <source>step {step}</source>
        <translation>第 {step} 步</translation>
    </message>
    <message numerus="yes">
        <source>Scoring %Ln checkpoint(s) of {model}…</source>
        <translation>
            <numerusform>正在为 {model} 的 %Ln 个检查点评分…</numerusform>
        </translation>
    </message>
    <message>
        <source>validation loss {loss:.3f}</source>
        <translation>验证损失 {loss:.3f}</translation>
    </message>
    <message>
        <source>{metric} by checkpoint (lower is better); the best in orange</source>
        <translation>各检查点的{metric}（越低越好）；最佳的以橙色显示</translation>
    </message>
    <message>
        <source>{metric} by checkpoint (higher is better); the best in orange</source>
        <translation>各检查点的{metric}（越高越好）；最佳的以橙色显示</translation>
    </message>
    <message>
        <source>Best: step {step} ({value}).</source>
        <translation>最佳：第 {step} 步（{value}）。</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>参考答案</translation>
    </message>
    <message>
        <source>Metric chart</source>
        <translation>指标图表</translation>
    </message>
    <message>
        <source>Results appear here as the run goes.</source>
        <translation>运行过程中结果会显示在这里。</translation>
    </message>
    <message>
        <source>
&lt;h3&gt;Make your own model in five steps&lt;/h3&gt;
&lt;ol&gt;
&lt;li&gt;&lt;b&gt;Open or build a dataset&lt;/b&gt; (Datasets tab). Open a JSONL, CSV, TSV, XLSX or JSON file, or
start a new one and add examples. Each example is a conversation (system, user, assistant) or a
prompt with its completion.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Fix what the Problems list shows.&lt;/b&gt; Click a problem to go to its example. Errors must be
fixed before training; warnings are advice. The line under the list estimates the tokens, the cost
(OpenAI) or the time (this computer).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Train&lt;/b&gt;: Train ▸ New Job… checks the data once more, then starts. &lt;i&gt;This computer&lt;/i&gt;
tunes an open model here; nothing leaves your machine.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Watch it&lt;/b&gt; in the Train tab: progress, the loss chart and every event. If you close
TuneDesk, a job on this computer pauses and goes on from its last saved step at the next start;
a cloud job goes on and is found again.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Chat with it&lt;/b&gt;: “Chat with This Model”, then compare it with others side by side.
A good exchange can go back into the dataset with “Add to Dataset…”.&lt;/li&gt;
&lt;/ol&gt;
&lt;p&gt;Your datasets are ordinary files; your tuned models and chats are kept in the data folder
(Help ▸ Open Data Folder).&lt;/p&gt;
</source>
        <translation>
&lt;h3&gt;五步打造你自己的模型&lt;/h3&gt;
&lt;ol&gt;
&lt;li&gt;&lt;b&gt;打开或构建数据集&lt;/b&gt;（“数据集”标签页）。打开 JSONL、CSV、TSV、XLSX 或 JSON 文件，
或新建一个并添加样本。每个样本是一段对话（系统、用户、助手），或一个提示词及其补全。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;修正“问题”列表中显示的内容。&lt;/b&gt;点击某个问题即可跳到对应样本。错误必须在训练前修正；
警告只是建议。列表下方的一行会估算词元数、费用（OpenAI）或时间（本机）。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;训练&lt;/b&gt;：“训练 ▸ 新建任务…”会再检查一次数据，然后开始。&lt;i&gt;本机&lt;/i&gt;
在这里微调开源模型；任何数据都不会离开你的电脑。&lt;/li&gt;
&lt;li&gt;在“训练”标签页中&lt;b&gt;观察训练&lt;/b&gt;：进度、损失曲线和每个事件。如果你关闭 TuneDesk，
本机上的任务会暂停，并在下次启动时从最后保存的步骤继续；云端任务会继续运行，并会被重新找到。&lt;/li&gt;
&lt;li&gt;&lt;b&gt;与它对话&lt;/b&gt;：点击“与此模型对话”，然后与其他模型并排比较。
好的对话可以通过“添加到数据集…”放回数据集。&lt;/li&gt;
&lt;/ol&gt;
&lt;p&gt;你的数据集是普通文件；微调得到的模型和对话保存在数据文件夹中
（“帮助 ▸ 打开数据文件夹”）。&lt;/p&gt;
</translation>
    </message>
    <message>
        <source>Getting Started</source>
        <translation>入门</translation>
    </message>
    <message>
        <source>In menus and forms, Alt with the underlined letter chooses that item.</source>
        <translation>在菜单和表单中，按 Alt 加带下划线的字母即可选择该项。</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Main sections</source>
        <translation>主要部分</translation>
    </message>
    <message>
        <source>&amp;Datasets</source>
        <translation>数据集(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <source>E&amp;valuate</source>
        <translation>评估(&amp;V)</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message numerus="yes">
        <source>The chat history file was damaged. It was kept as {file} and a new one was started with the %Ln message(s) that could still be read.</source>
        <translation>
            <numerusform>对话历史文件已损坏。它被保留为 {file}，并新建了一个文件，其中包含仍可读取的 %Ln 条消息。</numerusform>
        </translation>
    </message>
    <message>
        <source>Chat history was damaged</source>
        <translation>对话历史已损坏</translation>
    </message>
    <message>
        <source>Recover unsaved changes?</source>
        <translation>恢复未保存的更改？</translation>
    </message>
    <message numerus="yes">
        <source>TuneDesk closed before changes to {name} were saved. %Ln example(s) were autosaved at {when}. Recover them?</source>
        <translation>
            <numerusform>TuneDesk 在 {name} 的更改保存之前关闭了。{when} 自动保存了 %Ln 个样本。要恢复吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;New Dataset</source>
        <translation>新建数据集(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Import &amp;Documents…</source>
        <translation>导入文档(&amp;D)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Undo {action}</source>
        <translation>撤销(&amp;U) {action}</translation>
    </message>
    <message>
        <source>&amp;Redo {action}</source>
        <translation>重做(&amp;R) {action}</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>R&amp;eplace…</source>
        <translation>替换(&amp;E)…</translation>
    </message>
    <message>
        <source>D&amp;uplicate Example</source>
        <translation>复制样本(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Delete Examples</source>
        <translation>删除样本(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>Data&amp;set</source>
        <translation>数据集(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Generate Examples…</source>
        <translation>生成样本(&amp;G)…</translation>
    </message>
    <message>
        <source>Set &amp;System Prompt…</source>
        <translation>设置系统提示词(&amp;S)…</translation>
    </message>
    <message>
        <source>Apply Suggested &amp;Fixes</source>
        <translation>应用建议的修正(&amp;F)</translation>
    </message>
    <message>
        <source>Convert to &amp;Conversations</source>
        <translation>转换为对话(&amp;C)</translation>
    </message>
    <message>
        <source>Convert to &amp;Prompt/Completion</source>
        <translation>转换为提示词/补全(&amp;P)</translation>
    </message>
    <message>
        <source>Remove &amp;Duplicates</source>
        <translation>删除重复项(&amp;D)</translation>
    </message>
    <message>
        <source>S&amp;huffle</source>
        <translation>打乱顺序(&amp;H)</translation>
    </message>
    <message>
        <source>Split Off &amp;Validation Set…</source>
        <translation>拆分出验证集(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;New Job…</source>
        <translation>新建任务(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Refresh Jobs</source>
        <translation>刷新任务(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Cancel Job</source>
        <translation>取消任务(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Import from OpenAI…</source>
        <translation>从 OpenAI 导入(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Providers…</source>
        <translation>提供方(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Getting &amp;Started</source>
        <translation>入门(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Open &amp;Data Folder</source>
        <translation>打开数据文件夹(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Copy System Information</source>
        <translation>复制系统信息(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;About TuneDesk</source>
        <translation>关于 TuneDesk(&amp;A)</translation>
    </message>
    <message>
        <source>No suggested fixes</source>
        <translation>没有建议的修正</translation>
    </message>
    <message numerus="yes">
        <source>&amp;All %n Fix(es)</source>
        <translation>
            <numerusform>全部 %n 项修正(&amp;A)</numerusform>
        </translation>
    </message>
    <message>
        <source>The system prompt of every example:</source>
        <translation>每个样本的系统提示词：</translation>
    </message>
    <message>
        <source>Split off a validation set</source>
        <translation>拆分出验证集</translation>
    </message>
    <message>
        <source>Share of the examples to hold out for validation (%):</source>
        <translation>留作验证的样本比例（%）：</translation>
    </message>
    <message>
        <source>Save the validation set</source>
        <translation>保存验证集</translation>
    </message>
    <message>
        <source>Started {id} on {name}</source>
        <translation>已在 {name} 上启动 {id}</translation>
    </message>
    <message>
        <source>Training finished</source>
        <translation>训练完成</translation>
    </message>
    <message>
        <source>{model} is ready to chat with ({where}).</source>
        <translation>{model} 已可以对话（{where}）。</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <source>{job} failed: {reason}</source>
        <translation>{job} 失败：{reason}</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>没有给出原因</translation>
    </message>
    <message>
        <source>Training cancelled</source>
        <translation>训练已取消</translation>
    </message>
    <message>
        <source>{job} was cancelled.</source>
        <translation>{job} 已取消。</translation>
    </message>
    <message>
        <source>Chatting with {model}</source>
        <translation>正在与 {model} 对话</translation>
    </message>
    <message>
        <source>Add example from chat</source>
        <translation>从对话添加样本</translation>
    </message>
    <message>
        <source>Added the exchange to {name}</source>
        <translation>已把这轮对话添加到 {name}</translation>
    </message>
    <message>
        <source>Appended the exchange to {path}</source>
        <translation>已把这轮对话追加到 {path}</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>没有最近的文件</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Save the changes to {name}?</source>
        <translation>保存对 {name} 的更改？</translation>
    </message>
    <message>
        <source>Open a dataset</source>
        <translation>打开数据集</translation>
    </message>
    <message>
        <source>Cannot open the file</source>
        <translation>无法打开文件</translation>
    </message>
    <message numerus="yes">
        <source>Generate %n example(s)</source>
        <translation>
            <numerusform>生成 %n 个样本</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added %n generated example(s) to {name}</source>
        <translation>
            <numerusform>已向 {name} 添加 %n 个生成的样本</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Adding %n example(s)…</source>
        <translation>
            <numerusform>正在添加 %n 个样本…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import %n document part(s)</source>
        <translation>
            <numerusform>导入 %n 个文档部分</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added %n example(s) from the documents to {name}</source>
        <translation>
            <numerusform>已从文档向 {name} 添加 %n 个样本</numerusform>
        </translation>
    </message>
    <message>
        <source>{path} does not exist or is not a file.</source>
        <translation>{path} 不存在或不是文件。</translation>
    </message>
    <message numerus="yes">
        <source>Opened {name}; TuneDesk opens one dataset at a time, so the other %n file(s) were not opened</source>
        <translation>
            <numerusform>已打开 {name}；TuneDesk 一次只打开一个数据集，因此另外 %n 个文件没有打开</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the dataset as JSONL</source>
        <translation>把数据集保存为 JSONL</translation>
    </message>
    <message>
        <source>Datasets ▸ next or previous field</source>
        <translation>数据集 ▸ 下一个或上一个字段</translation>
    </message>
    <message>
        <source>Chat ▸ send the message</source>
        <translation>对话 ▸ 发送消息</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>The folder is {path}</source>
        <translation>文件夹位于 {path}</translation>
    </message>
    <message>
        <source>System information copied: paste it into a bug report</source>
        <translation>已复制系统信息：请粘贴到错误报告中</translation>
    </message>
    <message>
        <source>About TuneDesk</source>
        <translation>关于 TuneDesk</translation>
    </message>
    <message>
        <source>&lt;h3&gt;TuneDesk {version}&lt;/h3&gt;&lt;p&gt;Make your own personal ChatGPT: build a dataset, train a model on this computer or in the cloud, and chat with it.&lt;/p&gt;&lt;p&gt;A personal model is a file you own.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;TuneDesk {version}&lt;/h3&gt;&lt;p&gt;打造你自己的专属 ChatGPT：构建数据集，在本机或云端训练模型，然后与它对话。&lt;/p&gt;&lt;p&gt;专属模型是一个归你所有的文件。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>A model is training</source>
        <translation>有模型正在训练</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) are training on this computer. If you quit now, training pauses and resumes from the last checkpoint the next time TuneDesk starts. Quit anyway?</source>
        <translation>
            <numerusform>本机上有 %n 个任务正在训练。如果现在退出，训练会暂停，并在下次启动 TuneDesk 时从最后一个检查点继续。仍要退出吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>Preference pages</source>
        <translation>首选项页面</translation>
    </message>
    <message>
        <source>Target model for new chat datasets</source>
        <translation>新建对话数据集的目标模型</translation>
    </message>
    <message>
        <source>Estimate chat datasets &amp;for:</source>
        <translation>为对话数据集估算所用模型(&amp;F)：</translation>
    </message>
    <message>
        <source>Token counts, length limits and the cost or time estimate use this model until you pick another in the Datasets tab.</source>
        <translation>词元数、长度上限以及费用或时间估算都使用此模型，直到你在“数据集”标签页中另选一个。</translation>
    </message>
    <message>
        <source>Language of the interface</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>TuneDesk uses the new language the next time it starts.</source>
        <translation>TuneDesk 下次启动时使用新的语言。</translation>
    </message>
    <message>
        <source>&amp;General</source>
        <translation>常规(&amp;G)</translation>
    </message>
    <message>
        <source>P&amp;roviders</source>
        <translation>提供方(&amp;R)</translation>
    </message>
    <message>
        <source>Not running; starts when it is needed</source>
        <translation>未运行；需要时自动启动</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Running on this computer</source>
        <translation>正在本机运行</translation>
    </message>
    <message>
        <source>Could not start</source>
        <translation>无法启动</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message numerus="yes">
        <source>restarted %n time(s)</source>
        <translation>
            <numerusform>已重启 %n 次</numerusform>
        </translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>提供方</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>Add a provider</source>
        <translation>添加提供方</translation>
    </message>
    <message>
        <source>OpenAI-compatible endpoint…</source>
        <translation>OpenAI 兼容端点…</translation>
    </message>
    <message>
        <source>Azure OpenAI…</source>
        <translation>Azure OpenAI…</translation>
    </message>
    <message>
        <source>Remove the provider</source>
        <translation>移除该提供方</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>Files</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Here</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Import Fine-Tuning Jobs</source>
        <translation>导入微调任务</translation>
    </message>
    <message>
        <source>Provider to import from</source>
        <translation>从哪个服务商导入</translation>
    </message>
    <message>
        <source>&amp;List Jobs</source>
        <translation>列出任务(&amp;L)</translation>
    </message>
    <message>
        <source>List the provider&apos;s fine-tuning jobs</source>
        <translation>列出该服务商的微调任务</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>来源(&amp;F)：</translation>
    </message>
    <message>
        <source>About this provider</source>
        <translation>关于此提供方</translation>
    </message>
    <message>
        <source>The provider&apos;s fine-tuning jobs</source>
        <translation>该服务商的微调任务</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>Select &amp;None</source>
        <translation>全不选(&amp;N)</translation>
    </message>
    <message>
        <source>Import progress</source>
        <translation>导入进度</translation>
    </message>
    <message>
        <source>List the jobs, tick the ones to bring home, then Import.</source>
        <translation>先列出任务，勾选要带回本机的任务，然后点“导入”。</translation>
    </message>
    <message>
        <source>Import state</source>
        <translation>导入状态</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <source>Asking {provider} for its jobs…</source>
        <translation>正在向 {provider} 获取任务列表…</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>已导入</translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) at {provider}.</source>
        <translation>
            <numerusform>{provider} 上有 %n 个任务。</numerusform>
        </translation>
    </message>
    <message>
        <source>{provider} has no fine-tuning jobs.</source>
        <translation>{provider} 上没有微调任务。</translation>
    </message>
    <message>
        <source>Imported from {provider}: {summary}. They are in the Train tab under “Imported from {provider}”.</source>
        <translation>已从 {provider} 导入：{summary}。它们位于“训练”标签页的“从 {provider} 导入”下。</translation>
    </message>
    <message>
        <source>Stopped. What arrived is kept; Import goes on from there.</source>
        <translation>已停止。已下载的内容会保留；再次导入会从那里继续。</translation>
    </message>
    <message>
        <source>What arrived is kept; Import goes on from there.</source>
        <translation>已下载的内容会保留；再次导入会从那里继续。</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>To keep training, use &lt;b&gt;This computer&lt;/b&gt;: the built-in engine tunes open models on your machine, and the result is a file you own.</source>
        <translation>要继续训练，请使用&lt;b&gt;本机&lt;/b&gt;：内置引擎在你的电脑上微调开放模型，结果是属于你自己的文件。</translation>
    </message>
    <message>
        <source>Provider name</source>
        <translation>提供方名称</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>基础 URL</translation>
    </message>
    <message>
        <source>API version</source>
        <translation>API 版本</translation>
    </message>
    <message>
        <source>Organization</source>
        <translation>组织</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>Where the key is kept</source>
        <translation>密钥保存位置</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Base &amp;URL:</source>
        <translation>基础 &amp;URL：</translation>
    </message>
    <message>
        <source>API &amp;version:</source>
        <translation>API 版本(&amp;V)：</translation>
    </message>
    <message>
        <source>&amp;Organization:</source>
        <translation>组织(&amp;O)：</translation>
    </message>
    <message>
        <source>Pro&amp;ject:</source>
        <translation>项目(&amp;J)：</translation>
    </message>
    <message>
        <source>API &amp;key:</source>
        <translation>API 密钥(&amp;K)：</translation>
    </message>
    <message>
        <source>Local engine state</source>
        <translation>本地引擎状态</translation>
    </message>
    <message>
        <source>Re&amp;start Engine</source>
        <translation>重启引擎(&amp;S)</translation>
    </message>
    <message>
        <source>Restart the local engine</source>
        <translation>重启本地引擎</translation>
    </message>
    <message>
        <source>Extra base models (a Hugging Face model folder or a .gguf file):</source>
        <translation>额外的基础模型（Hugging Face 模型文件夹或 .gguf 文件）：</translation>
    </message>
    <message>
        <source>Extra base models</source>
        <translation>额外的基础模型</translation>
    </message>
    <message>
        <source>Add &amp;Folder…</source>
        <translation>添加文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Add a base model folder</source>
        <translation>添加基础模型文件夹</translation>
    </message>
    <message>
        <source>Remove &amp;Model</source>
        <translation>移除模型(&amp;M)</translation>
    </message>
    <message>
        <source>Remove the base model</source>
        <translation>移除该基础模型</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>Test the connection and list the models</source>
        <translation>测试连接并列出模型</translation>
    </message>
    <message>
        <source>Connection test result</source>
        <translation>连接测试结果</translation>
    </message>
    <message>
        <source>Models the provider lists</source>
        <translation>提供方列出的模型</translation>
    </message>
    <message>
        <source>My endpoint</source>
        <translation>我的端点</translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation>端点(&amp;E)：</translation>
    </message>
    <message>
        <source>&lt;b&gt;This computer&lt;/b&gt; trains and serves open models with TuneDesk&apos;s built-in engine. It starts when it is first needed and stops when TuneDesk quits. Nothing leaves your machine, and no key is needed.</source>
        <translation>&lt;b&gt;本机&lt;/b&gt;使用 TuneDesk 内置引擎训练并运行开源模型。引擎在首次需要时启动，在 TuneDesk 退出时停止。任何数据都不会离开你的电脑，也不需要密钥。</translation>
    </message>
    <message>
        <source>Azure OpenAI, through your resource&apos;s endpoint and API version.</source>
        <translation>Azure OpenAI，通过你的资源端点和 API 版本访问。</translation>
    </message>
    <message>
        <source>Any server that speaks the OpenAI API (its base URL usually ends in /v1).</source>
        <translation>任何支持 OpenAI API 的服务器（其基础 URL 通常以 /v1 结尾）。</translation>
    </message>
    <message>
        <source>OpenAI&apos;s API at the address given.</source>
        <translation>位于所填地址的 OpenAI API。</translation>
    </message>
    <message>
        <source>The new key ({key}) will be kept in the keyring when you press OK.</source>
        <translation>按“确定”后，新密钥（{key}）将保存在密钥环中。</translation>
    </message>
    <message>
        <source>The new key ({key}) will be kept in memory until TuneDesk closes when you press OK.</source>
        <translation>按“确定”后，新密钥（{key}）将保存在内存中，直到 TuneDesk 关闭。</translation>
    </message>
    <message>
        <source>saved ({key}); type to replace it</source>
        <translation>已保存（{key}）；输入新密钥即可替换</translation>
    </message>
    <message>
        <source>paste the API key here</source>
        <translation>在此粘贴 API 密钥</translation>
    </message>
    <message>
        <source>The key is kept in the system keyring, never in TuneDesk&apos;s files.</source>
        <translation>密钥保存在系统密钥环中，绝不会写入 TuneDesk 的文件。</translation>
    </message>
    <message>
        <source>The key is kept in memory until TuneDesk closes.</source>
        <translation>密钥保存在内存中，直到 TuneDesk 关闭。</translation>
    </message>
    <message>
        <source>Using OPENAI_API_KEY from the environment.</source>
        <translation>正在使用环境变量 OPENAI_API_KEY。</translation>
    </message>
    <message>
        <source>No key yet.</source>
        <translation>还没有密钥。</translation>
    </message>
    <message>
        <source>Engine: {state}</source>
        <translation>引擎：{state}</translation>
    </message>
    <message>
        <source>Choose a Hugging Face model folder</source>
        <translation>选择 Hugging Face 模型文件夹</translation>
    </message>
    <message>
        <source>Name the base model</source>
        <translation>为基础模型命名</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message numerus="yes">
        <source>Connected: %Ln model(s).</source>
        <translation>
            <numerusform>已连接：%Ln 个模型。</numerusform>
        </translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>Validation loss</source>
        <translation>验证损失</translation>
    </message>
    <message>
        <source>Training accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>Validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>Loss and accuracy chart</source>
        <translation>损失与准确率图表</translation>
    </message>
    <message>
        <source>Training and validation loss and token accuracy by step</source>
        <translation>按步显示的训练和验证损失以及词元准确率</translation>
    </message>
    <message>
        <source>Loss and accuracy appear here as the job trains.</source>
        <translation>任务训练时，损失和准确率会显示在这里。</translation>
    </message>
    <message>
        <source>Step {step}: </source>
        <translation>第 {step} 步：</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>GGUF for llama.cpp, LM Studio and Ollama (with a Modelfile)</source>
        <translation>GGUF，用于 llama.cpp、LM Studio 和 Ollama（附 Modelfile）</translation>
    </message>
    <message>
        <source>Add to Ollama (GGUF, then ollama create)</source>
        <translation>添加到 Ollama（GGUF，然后 ollama create）</translation>
    </message>
    <message>
        <source>Merged model (safetensors + tokenizer, for transformers)</source>
        <translation>合并后的模型（safetensors + 分词器，用于 transformers）</translation>
    </message>
    <message>
        <source>LoRA adapter only (PEFT, small; needs the base model)</source>
        <translation>仅 LoRA 适配器（PEFT，体积小；需要基础模型）</translation>
    </message>
    <message>
        <source>Q8_0: near-exact, about 1 byte a weight (recommended)</source>
        <translation>Q8_0：几乎无损，每个权重约 1 字节（推荐）</translation>
    </message>
    <message>
        <source>F16: exact, 2 bytes a weight</source>
        <translation>F16：无损，每个权重 2 字节</translation>
    </message>
    <message>
        <source>Q4_K_M: smallest, a little less exact</source>
        <translation>Q4_K_M：最小，精度略低</translation>
    </message>
    <message>
        <source>Export the Model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <source>Model or checkpoint to export</source>
        <translation>要导出的模型或检查点</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>GGUF quantization</source>
        <translation>GGUF 量化</translation>
    </message>
    <message>
        <source>Folder to write</source>
        <translation>要写入的文件夹</translation>
    </message>
    <message>
        <source>Choose the folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <source>For &amp;LM Studio</source>
        <translation>用于 &amp;LM Studio</translation>
    </message>
    <message>
        <source>Write the GGUF into LM Studio&apos;s models folder, where it finds it by itself</source>
        <translation>把 GGUF 写入 LM Studio 的模型文件夹，它会自动找到</translation>
    </message>
    <message>
        <source>Export progress</source>
        <translation>导出进度</translation>
    </message>
    <message>
        <source>A new folder is written; nothing is overwritten.</source>
        <translation>会写入一个新文件夹；不会覆盖任何内容。</translation>
    </message>
    <message>
        <source>Export state</source>
        <translation>导出状态</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>格式(&amp;F)：</translation>
    </message>
    <message>
        <source>&amp;Weights:</source>
        <translation>权重(&amp;W)：</translation>
    </message>
    <message>
        <source>F&amp;older:</source>
        <translation>文件夹(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Export to a new folder</source>
        <translation>导出到新文件夹</translation>
    </message>
    <message>
        <source>{last} ({size})</source>
        <translation>{last}（{size}）</translation>
    </message>
    <message>
        <source>Written to {out}</source>
        <translation>已写入 {out}</translation>
    </message>
    <message>
        <source>The export failed ({code}).</source>
        <translation>导出失败（{code}）。</translation>
    </message>
    <message>
        <source>Trying again in {seconds:.0f} s.</source>
        <translation>{seconds:.0f} 秒后重试。</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <source>Suffix</source>
        <translation>后缀</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Elapsed / ETA</source>
        <translation>已用 / 预计</translation>
    </message>
    <message>
        <source>Resulting model</source>
        <translation>训练得到的模型</translation>
    </message>
    <message>
        <source>Checking files</source>
        <translation>正在检查文件</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>排队中</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Succeeded</source>
        <translation>已成功</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>已失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>{duration} left</source>
        <translation>剩余 {duration}</translation>
    </message>
    <message>
        <source>New Fine-Tuning Job</source>
        <translation>新建微调任务</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>提供方</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>There</source>
        <translation>原处</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Train Again</source>
        <translation>重新训练</translation>
    </message>
    <message>
        <source>Train &lt;b&gt;{job}&lt;/b&gt; again from the files imported from {provider}: the same data, byte for byte.</source>
        <translation>用从 {provider} 导入的文件重新训练 &lt;b&gt;{job}&lt;/b&gt;：数据完全相同，逐字节一致。</translation>
    </message>
    <message>
        <source>Where to train</source>
        <translation>在哪里训练</translation>
    </message>
    <message>
        <source>&amp;Train on:</source>
        <translation>训练位置(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Base model:</source>
        <translation>基础模型(&amp;B)：</translation>
    </message>
    <message>
        <source>How the settings carry over</source>
        <translation>设置如何沿用</translation>
    </message>
    <message>
        <source>Retrain state</source>
        <translation>重新训练状态</translation>
    </message>
    <message>
        <source>Asking {provider} which models it trains…</source>
        <translation>正在询问 {provider} 可训练哪些模型…</translation>
    </message>
    <message>
        <source>Checking the imported data…</source>
        <translation>正在检查导入的数据…</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s) must be fixed first: {first}</source>
        <translation>
            <numerusform>有 %n 个错误需要先修正：{first}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s).</source>
        <translation>
            <numerusform>%n 个警告。</numerusform>
        </translation>
    </message>
    <message>
        <source>Uploading the imported files to {provider}…</source>
        <translation>正在把导入的文件上传到 {provider}…</translation>
    </message>
    <message>
        <source>Train on the open dataset</source>
        <translation>用当前打开的数据集训练</translation>
    </message>
    <message>
        <source>Train on a file</source>
        <translation>用文件训练</translation>
    </message>
    <message>
        <source>Training file</source>
        <translation>训练文件</translation>
    </message>
    <message>
        <source>Choose the training file</source>
        <translation>选择训练文件</translation>
    </message>
    <message numerus="yes">
        <source>The open &amp;dataset: {name} (%Ln example(s))</source>
        <translation>
            <numerusform>当前打开的数据集(&amp;D)：{name}（%Ln 个样本）</numerusform>
        </translation>
    </message>
    <message>
        <source>The open &amp;dataset (it is empty)</source>
        <translation>当前打开的数据集(&amp;D)（为空）</translation>
    </message>
    <message>
        <source>Training data:</source>
        <translation>训练数据：</translation>
    </message>
    <message>
        <source>Validation data</source>
        <translation>验证数据</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Split off {share:.0%} of the training data</source>
        <translation>从训练数据中拆分出 {share:.0%}</translation>
    </message>
    <message>
        <source>A file</source>
        <translation>一个文件</translation>
    </message>
    <message>
        <source>Validation file</source>
        <translation>验证文件</translation>
    </message>
    <message>
        <source>Choose the validation file</source>
        <translation>选择验证文件</translation>
    </message>
    <message>
        <source>&amp;Validation data:</source>
        <translation>验证数据(&amp;V)：</translation>
    </message>
    <message>
        <source>Training method</source>
        <translation>训练方法</translation>
    </message>
    <message>
        <source>Supervised</source>
        <translation>监督式</translation>
    </message>
    <message>
        <source>Direct preference optimisation (DPO)</source>
        <translation>直接偏好优化（DPO）</translation>
    </message>
    <message>
        <source>No provider here accepts DPO jobs yet</source>
        <translation>这里还没有提供方接受 DPO 任务</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>方法(&amp;M)：</translation>
    </message>
    <message>
        <source>Model name suffix</source>
        <translation>模型名称后缀</translation>
    </message>
    <message>
        <source>e.g. support-bot (letters, digits, - and _)</source>
        <translation>例如 support-bot（字母、数字、- 和 _）</translation>
    </message>
    <message>
        <source>&amp;Suffix:</source>
        <translation>后缀(&amp;S)：</translation>
    </message>
    <message>
        <source>Hyperparameters (&quot;auto&quot; lets the provider choose)</source>
        <translation>超参数（“自动”表示由提供方选择）</translation>
    </message>
    <message>
        <source>{job} was not imported</source>
        <translation>{job} 尚未导入</translation>
    </message>
    <message>
        <source>The training file {file} of {job} was not imported (the provider no longer has it), so this job cannot be trained again from its data</source>
        <translation>{job} 的训练文件 {file} 没有导入（服务商已不再保存它），因此无法用原数据重新训练此任务</translation>
    </message>
    <message>
        <source>the same model</source>
        <translation>同一个模型</translation>
    </message>
    <message>
        <source>the source model is not offered here</source>
        <translation>这里不提供原来的模型</translation>
    </message>
    <message>
        <source>the same passes over the data</source>
        <translation>对数据的遍历次数相同</translation>
    </message>
    <message>
        <source>the same</source>
        <translation>相同</translation>
    </message>
    <message>
        <source>a CPU trains at most {size} examples a step; every epoch still sees every example</source>
        <translation>CPU 每步最多训练 {size} 个示例；每轮仍会用到全部示例</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>the source scaled its model&apos;s own rate, which it does not publish; LoRA here starts from {rate} (×1)</source>
        <translation>原服务商按其模型自身（未公开）的学习率缩放；这里的 LoRA 从 {rate}（×1）开始</translation>
    </message>
    <message>
        <source>the source&apos;s multiplier scaled another model&apos;s rate; the target chooses</source>
        <translation>原倍数针对的是另一个模型的学习率；由目标服务商决定</translation>
    </message>
    <message>
        <source>Learning-rate multiplier</source>
        <translation>学习率倍数</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>the same order of examples</source>
        <translation>示例顺序相同</translation>
    </message>
    <message>
        <source>the imported copy, byte for byte</source>
        <translation>导入的副本，逐字节一致</translation>
    </message>
    <message>
        <source>not imported: trained without validation</source>
        <translation>未导入：训练时不做验证</translation>
    </message>
    <message>
        <source>B&amp;atch size:</source>
        <translation>批大小(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Learning-rate multiplier:</source>
        <translation>学习率倍数(&amp;L)：</translation>
    </message>
    <message>
        <source>S&amp;eed:</source>
        <translation>随机种子(&amp;E)：</translation>
    </message>
    <message>
        <source>Start checks the data with the base model&apos;s tokenizer before anything is sent.</source>
        <translation>开始前会先用基础模型的分词器检查数据，然后才发送任何内容。</translation>
    </message>
    <message>
        <source>Preflight result</source>
        <translation>预检结果</translation>
    </message>
    <message>
        <source>Upload progress</source>
        <translation>上传进度</translation>
    </message>
    <message>
        <source>&amp;Start Training</source>
        <translation>开始训练(&amp;S)</translation>
    </message>
    <message>
        <source>Check the data and start training</source>
        <translation>检查数据并开始训练</translation>
    </message>
    <message>
        <source>Choose a dataset</source>
        <translation>选择数据集</translation>
    </message>
    <message>
        <source>The provider listed no models; type the base model&apos;s name.</source>
        <translation>提供方没有列出任何模型；请输入基础模型的名称。</translation>
    </message>
    <message>
        <source>You can type the model&apos;s name.</source>
        <translation>你可以输入模型的名称。</translation>
    </message>
    <message>
        <source>Choose or type a base model.</source>
        <translation>请选择或输入一个基础模型。</translation>
    </message>
    <message>
        <source>There is no file at {path}.</source>
        <translation>{path} 处没有文件。</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>There is no validation file at {path}.</source>
        <translation>{path} 处没有验证文件。</translation>
    </message>
    <message>
        <source>Checking the data with the base model&apos;s tokenizer…</source>
        <translation>正在用基础模型的分词器检查数据…</translation>
    </message>
    <message>
        <source>{name} (training part)</source>
        <translation>{name}（训练部分）</translation>
    </message>
    <message>
        <source>{name} (validation part)</source>
        <translation>{name}（验证部分）</translation>
    </message>
    <message numerus="yes">
        <source>%Ln error(s) must be fixed first:</source>
        <translation>
            <numerusform>必须先修正 %Ln 个错误：</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more (the Datasets tab lists them all)</source>
        <translation>
            <numerusform>…… 另有 %Ln 个（“数据集”标签页列出了全部）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln warning(s):</source>
        <translation>
            <numerusform>%Ln 个警告：</numerusform>
        </translation>
    </message>
    <message>
        <source>Start with warnings?</source>
        <translation>带着警告开始？</translation>
    </message>
    <message numerus="yes">
        <source>The data has %Ln warning(s) (listed in the dialog). Start training anyway?</source>
        <translation>
            <numerusform>数据有 %Ln 个警告（列在对话框中）。仍要开始训练吗？</numerusform>
        </translation>
    </message>
    <message>
        <source>Uploading the training data… %p%</source>
        <translation>正在上传训练数据… %p%</translation>
    </message>
    <message>
        <source>Creating the job…</source>
        <translation>正在创建任务…</translation>
    </message>
    <message>
        <source>Uploading the validation data… %p%</source>
        <translation>正在上传验证数据… %p%</translation>
    </message>
    <message>
        <source>New fine-tuning job</source>
        <translation>新建微调任务</translation>
    </message>
    <message>
        <source>Refresh the jobs</source>
        <translation>刷新任务</translation>
    </message>
    <message>
        <source>Connection problem</source>
        <translation>连接问题</translation>
    </message>
    <message>
        <source>Fine-tuning jobs</source>
        <translation>微调任务</translation>
    </message>
    <message>
        <source>No jobs yet. Open a dataset in the Datasets tab and choose New Job… to train a model on this computer.</source>
        <translation>还没有任务。在“数据集”标签页中打开一个数据集，然后选择“新建任务…”，即可在本机训练模型。</translation>
    </message>
    <message>
        <source>Selected job</source>
        <translation>所选任务</translation>
    </message>
    <message>
        <source>Training progress</source>
        <translation>训练进度</translation>
    </message>
    <message>
        <source>Elapsed time and time left</source>
        <translation>已用时间和剩余时间</translation>
    </message>
    <message>
        <source>Job error</source>
        <translation>任务错误</translation>
    </message>
    <message>
        <source>Job details</source>
        <translation>任务详情</translation>
    </message>
    <message>
        <source>Event log</source>
        <translation>事件日志</translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation>事件(&amp;E)</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>检查点</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Check&amp;points</source>
        <translation>检查点(&amp;P)</translation>
    </message>
    <message>
        <source>Trained tokens</source>
        <translation>已训练词元</translation>
    </message>
    <message>
        <source>Job id</source>
        <translation>任务 ID</translation>
    </message>
    <message>
        <source>{label}:</source>
        <translation>{label}：</translation>
    </message>
    <message>
        <source>&amp;Hyperparameters</source>
        <translation>超参数(&amp;H)</translation>
    </message>
    <message>
        <source>Cancel the selected job</source>
        <translation>取消所选任务</translation>
    </message>
    <message>
        <source>C&amp;hat with This Model</source>
        <translation>与此模型对话(&amp;H)</translation>
    </message>
    <message>
        <source>Chat with the resulting model</source>
        <translation>与训练得到的模型对话</translation>
    </message>
    <message>
        <source>Export the resulting model or a checkpoint</source>
        <translation>导出训练得到的模型或检查点</translation>
    </message>
    <message>
        <source>E&amp;valuate…</source>
        <translation>评估(&amp;V)…</translation>
    </message>
    <message>
        <source>Evaluate the resulting model on held-out examples</source>
        <translation>在留出样本上评估训练得到的模型</translation>
    </message>
    <message>
        <source>&amp;Download Results CSV…</source>
        <translation>下载结果 CSV(&amp;D)…</translation>
    </message>
    <message>
        <source>Download the step metrics as CSV</source>
        <translation>把每步的指标下载为 CSV</translation>
    </message>
    <message>
        <source>&lt;b&gt;No job selected&lt;/b&gt;</source>
        <translation>&lt;b&gt;未选择任务&lt;/b&gt;</translation>
    </message>
    <message>
        <source>{model} (training)</source>
        <translation>{model}（训练中）</translation>
    </message>
    <message>
        <source>Step {step:,} of {total:,} (%p%)</source>
        <translation>第 {step:,} / {total:,} 步（%p%）</translation>
    </message>
    <message>
        <source>The job failed: {error}</source>
        <translation>任务失败：{error}</translation>
    </message>
    <message>
        <source>This job reported no metrics.</source>
        <translation>此任务没有报告任何指标。</translation>
    </message>
    <message>
        <source>counted when the job succeeds</source>
        <translation>任务成功后统计</translation>
    </message>
    <message>
        <source>Chat with this</source>
        <translation>与此对话</translation>
    </message>
    <message>
        <source>Chat with the checkpoint at step {step_number}</source>
        <translation>与第 {step_number} 步的检查点对话</translation>
    </message>
    <message>
        <source>took {duration}</source>
        <translation>用时 {duration}</translation>
    </message>
    <message>
        <source>{duration} so far</source>
        <translation>已用 {duration}</translation>
    </message>
    <message>
        <source>about {duration} left</source>
        <translation>约剩 {duration}</translation>
    </message>
    <message>
        <source>It is at step {step:,} of {total:,}; that work is lost.</source>
        <translation>当前在第 {step:,} / {total:,} 步；这些进度将会丢失。</translation>
    </message>
    <message>
        <source>Cancel this job?</source>
        <translation>取消此任务？</translation>
    </message>
    <message>
        <source>Cancel {job_id}?{done} A cancelled job cannot be started again.</source>
        <translation>取消 {job_id}？{done}已取消的任务无法再次启动。</translation>
    </message>
    <message>
        <source>Cancelling {job}…</source>
        <translation>正在取消 {job}…</translation>
    </message>
    <message>
        <source>{job}: {status}</source>
        <translation>{job}：{status}</translation>
    </message>
    <message>
        <source>Exported to {folder}</source>
        <translation>已导出到 {folder}</translation>
    </message>
    <message>
        <source>Save the step metrics</source>
        <translation>保存每步的指标</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Saved the step metrics to {path}</source>
        <translation>已将每步的指标保存到 {path}</translation>
    </message>
    <message>
        <source>{path}: {why}</source>
        <translation>{path}：{why}</translation>
    </message>
    <message>
        <source>is a folder, not a file</source>
        <translation>是文件夹，不是文件</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>cannot be read ({error})</source>
        <translation>无法读取（{error}）</translation>
    </message>
    <message>
        <source>is an old Excel .xls workbook; save it as .xlsx or CSV and open that</source>
        <translation>是旧版 Excel .xls 工作簿；请另存为 .xlsx 或 CSV 后再打开</translation>
    </message>
    <message>
        <source>contains binary data; it is not a text dataset (JSONL, JSON, CSV, TSV, TXT or XLSX)</source>
        <translation>包含二进制数据；它不是文本数据集（JSONL、JSON、CSV、TSV、TXT 或 XLSX）</translation>
    </message>
    <message>
        <source>holds one JSON object (keys: {keys}), not a list of examples. TuneDesk reads JSON Lines (one example per line) or a JSON array of examples.</source>
        <translation>只包含一个 JSON 对象（键：{keys}），而不是样本列表。TuneDesk 读取 JSON Lines（每行一个样本）或由样本组成的 JSON 数组。</translation>
    </message>
    <message>
        <source>the JSON array is never closed (no &apos;]&apos; at the end); every example in it was read</source>
        <translation>JSON 数组没有闭合（末尾没有 &apos;]&apos;）；其中的每个样本都已读取</translation>
    </message>
    <message>
        <source>no column for &apos;{field}&apos; among: {columns}. Choose one with --map {field}=COLUMN (or in the import dialog).</source>
        <translation>以下列中没有“{field}”对应的列：{columns}。请用 --map {field}=COLUMN（或在导入对话框中）选择一列。</translation>
    </message>
    <message numerus="yes">
        <source>the workbook has %n sheet(s); read the first, &apos;{title}&apos;, and left out {others}</source>
        <translation>
            <numerusform>工作簿有 %n 个工作表；读取了第一个“{title}”，未读取 {others}</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete this example ({why})</source>
        <translation>删除此样本（{why}）</translation>
    </message>
    <message>
        <source>{path} holds {char!a} at character {column}: half of a character (a lone surrogate escape), which no tokenizer or API accepts. Remove it.</source>
        <translation>{path} 在第 {column} 个字符处含有 {char!a}：这是半个字符（孤立的代理项转义），任何分词器或 API 都不接受。请删除它。</translation>
    </message>
    <message>
        <source>{p} must be an object with a &apos;type&apos;</source>
        <translation>{p} 必须是带有 &apos;type&apos; 的对象</translation>
    </message>
    <message>
        <source>{p}.text must be a string</source>
        <translation>{p}.text 必须是字符串</translation>
    </message>
    <message>
        <source>{p}.image_url must be an object with a &apos;url&apos;</source>
        <translation>{p}.image_url 必须是带有 &apos;url&apos; 的对象</translation>
    </message>
    <message>
        <source>{path} must be a non-empty list of tool calls</source>
        <translation>{path} 必须是非空的工具调用列表</translation>
    </message>
    <message>
        <source>{p} must be an object</source>
        <translation>{p} 必须是对象</translation>
    </message>
    <message>
        <source>{p} needs an &apos;id&apos; string</source>
        <translation>{p} 需要一个 &apos;id&apos; 字符串</translation>
    </message>
    <message>
        <source>{p}.type must be &quot;function&quot;</source>
        <translation>{p}.type 必须是 &quot;function&quot;</translation>
    </message>
    <message>
        <source>{p}.function needs a &apos;name&apos;</source>
        <translation>{p}.function 需要 &apos;name&apos;</translation>
    </message>
    <message>
        <source>{path} must be a JSON string, like &quot;{{\&quot;city\&quot;: \&quot;Paris\&quot;}}&quot;</source>
        <translation>{path} 必须是 JSON 字符串，例如 &quot;{{\&quot;city\&quot;: \&quot;Paris\&quot;}}&quot;</translation>
    </message>
    <message>
        <source>{path} is not valid JSON ({msg} at column {colno})</source>
        <translation>{path} 不是有效的 JSON（第 {colno} 列：{msg}）</translation>
    </message>
    <message>
        <source>&apos;{path}&apos; must be a non-empty list of messages</source>
        <translation>&apos;{path}&apos; 必须是非空的消息列表</translation>
    </message>
    <message>
        <source>{p} must be an object with &apos;role&apos; and &apos;content&apos;</source>
        <translation>{p} 必须是带有 &apos;role&apos; 和 &apos;content&apos; 的对象</translation>
    </message>
    <message>
        <source>{p} has an unrecognised key &apos;{key}&apos;</source>
        <translation>{p} 含有无法识别的键 &apos;{key}&apos;</translation>
    </message>
    <message>
        <source>{p} has no &apos;role&apos;</source>
        <translation>{p} 没有 &apos;role&apos;</translation>
    </message>
    <message>
        <source>{p} has role {text}; use one of system, user, assistant, tool</source>
        <translation>{p} 的角色是 {text}；请使用 system、user、assistant、tool 之一</translation>
    </message>
    <message>
        <source>{p} has no &apos;content&apos;</source>
        <translation>{p} 没有 &apos;content&apos;</translation>
    </message>
    <message>
        <source>{p} ({role}) has empty content</source>
        <translation>{p}（{role}）的内容为空</translation>
    </message>
    <message>
        <source>no role</source>
        <translation>无角色</translation>
    </message>
    <message>
        <source>{p}.content must be text</source>
        <translation>{p}.content 必须是文本</translation>
    </message>
    <message>
        <source>{p}.name must be a string</source>
        <translation>{p}.name 必须是字符串</translation>
    </message>
    <message>
        <source>{p}: only assistant messages take a weight</source>
        <translation>{p}：只有助手消息可以设置权重</translation>
    </message>
    <message>
        <source>{p}.weight must be 0 or 1, not {text}</source>
        <translation>{p}.weight 必须是 0 或 1，而不是 {text}</translation>
    </message>
    <message>
        <source>{p}: only assistant messages make tool calls</source>
        <translation>{p}：只有助手消息可以进行工具调用</translation>
    </message>
    <message>
        <source>{p}.function_call needs a &apos;name&apos;</source>
        <translation>{p}.function_call 需要 &apos;name&apos;</translation>
    </message>
    <message>
        <source>{p} is a tool reply without a &apos;tool_call_id&apos;</source>
        <translation>{p} 是没有 &apos;tool_call_id&apos; 的工具回复</translation>
    </message>
    <message>
        <source>{p} answers tool call {tid}, which no earlier assistant message made</source>
        <translation>{p} 回复了工具调用 {tid}，但之前没有任何助手消息发起过它</translation>
    </message>
    <message>
        <source>the example has no assistant message to learn from</source>
        <translation>该样本没有可供学习的助手消息</translation>
    </message>
    <message>
        <source>no system message</source>
        <translation>没有系统消息</translation>
    </message>
    <message>
        <source>no user message</source>
        <translation>没有用户消息</translation>
    </message>
    <message>
        <source>&apos;tools&apos; must be a list of function definitions</source>
        <translation>&apos;tools&apos; 必须是函数定义的列表</translation>
    </message>
    <message>
        <source>tools[{i}] must be {{&quot;type&quot;: &quot;function&quot;, &quot;function&quot;: {{&quot;name&quot;: …}}}}</source>
        <translation>tools[{i}] 必须是 {{&quot;type&quot;: &quot;function&quot;, &quot;function&quot;: {{&quot;name&quot;: …}}}}</translation>
    </message>
    <message>
        <source>the line holds a JSON {kind}, not an object</source>
        <translation>这一行是 JSON {kind}，而不是对象</translation>
    </message>
    <message>
        <source>the answer stopped at max_tokens (finish_reason “length”): it is probably cut off</source>
        <translation>回答在 max_tokens 处停止（finish_reason “length”）：很可能被截断了</translation>
    </message>
    <message>
        <source>&apos;parallel_tool_calls&apos; must be true or false</source>
        <translation>&apos;parallel_tool_calls&apos; 必须是 true 或 false</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must hold exactly one assistant message</source>
        <translation>&apos;{key}&apos; 必须恰好包含一条助手消息</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must be text, not {kind}</source>
        <translation>&apos;{key}&apos; 必须是文本，而不是 {kind}</translation>
    </message>
    <message>
        <source>the completion is empty: there is nothing to learn</source>
        <translation>补全为空：没有可学习的内容</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>为空</translation>
    </message>
    <message>
        <source>the prompt is empty</source>
        <translation>提示词为空</translation>
    </message>
    <message>
        <source>the example is {length:,} characters long (over {limit:,}); check that it is one example, not several run together</source>
        <translation>该样本长 {length:,} 个字符（超过 {limit:,}）；请确认它是一个样本，而不是几个连在一起</translation>
    </message>
    <message>
        <source>the line has bytes that are not valid text in the file&apos;s encoding</source>
        <translation>这一行含有在文件编码下不是有效文本的字节</translation>
    </message>
    <message>
        <source>; it looks cut off</source>
        <translation>；看起来被截断了</translation>
    </message>
    <message>
        <source>column {column}</source>
        <translation>第 {column} 列</translation>
    </message>
    <message>
        <source>at column {column}</source>
        <translation>位于第 {column} 列</translation>
    </message>
    <message>
        <source>not valid JSON: {what} {where}{hint}</source>
        <translation>不是有效的 JSON：{what} {where}{hint}</translation>
    </message>
    <message>
        <source>the JSON is nested more than 1,000 levels deep; no example is shaped like that</source>
        <translation>JSON 嵌套超过 1,000 层；没有样本是这种结构</translation>
    </message>
    <message>
        <source>cannot be read: {exc}</source>
        <translation>无法读取：{exc}</translation>
    </message>
    <message>
        <source>not valid JSON</source>
        <translation>不是有效的 JSON</translation>
    </message>
    <message>
        <source>the same as example {number} (line {line})</source>
        <translation>与样本 {number}（第 {line} 行）相同</translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln duplicate example(s), keeping the first of each</source>
        <translation>
            <numerusform>删除 %Ln 个重复样本，每组保留第一个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n usable example(s); fine-tuning needs at least {minimum}</source>
        <translation>
            <numerusform>%n 个可用样本；微调至少需要 {minimum} 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n example(s); 50-100 usually show improvement, a few hundred do better</source>
        <translation>
            <numerusform>%n 个样本；50-100 个通常就能看到改进，几百个效果更好</numerusform>
        </translation>
    </message>
    <message>
        <source>{tokens:,} tokens; {model} trains on at most {limit:,} per example and cuts the rest</source>
        <translation>{tokens:,} 个词元；{model} 每个样本最多训练 {limit:,} 个，其余部分会被截掉</translation>
    </message>
    <message>
        <source>the prompts&apos; common ending {ending} also occurs inside them</source>
        <translation>提示词共同的结尾 {ending} 也出现在提示词内部</translation>
    </message>
    <message>
        <source>prompts do not end with a common separator</source>
        <translation>提示词没有以共同的分隔符结尾</translation>
    </message>
    <message>
        <source>{why}, so the model cannot tell where the prompt ends; add {sep} to every prompt (and end your prompts with it when you use the model)</source>
        <translation>{why}，因此模型无法判断提示词在哪里结束；请在每个提示词末尾加上 {sep}（使用模型时，提示词也以它结尾）</translation>
    </message>
    <message>
        <source>Add {sep} to the end of every prompt</source>
        <translation>在每个提示词末尾加上 {sep}</translation>
    </message>
    <message>
        <source>every prompt starts with {prefix}; a tuned model does not need the instructions, only the input</source>
        <translation>每个提示词都以 {prefix} 开头；微调后的模型不需要这些指令，只需要输入</translation>
    </message>
    <message>
        <source>Remove {prefix} from the start of every prompt</source>
        <translation>从每个提示词开头删除 {prefix}</translation>
    </message>
    <message>
        <source>every completion starts with {prefix}; the model would learn to repeat it</source>
        <translation>每个补全都以 {prefix} 开头；模型会学着重复它</translation>
    </message>
    <message>
        <source>Remove {text} from the start of every completion</source>
        <translation>从每个补全开头删除 {text}</translation>
    </message>
    <message>
        <source>the completions&apos; common ending {ending} also occurs inside them, so the model would stop early</source>
        <translation>补全共同的结尾 {ending} 也出现在补全内部，因此模型会过早停止</translation>
    </message>
    <message>
        <source>completions do not end with a common stop sequence</source>
        <translation>补全没有以共同的停止序列结尾</translation>
    </message>
    <message>
        <source>{why}; add {stop} to every completion and pass it as stop when you call the model</source>
        <translation>{why}；请在每个补全末尾加上 {stop}，并在调用模型时把它作为 stop 传入</translation>
    </message>
    <message>
        <source>Add {stop} to the end of every completion</source>
        <translation>在每个补全末尾加上 {stop}</translation>
    </message>
    <message>
        <source>completions should start with a space, which tokenizes the way the model saw text in training</source>
        <translation>补全应以空格开头，这样分词方式与模型训练时见到的文本一致</translation>
    </message>
    <message>
        <source>Start every completion with a space</source>
        <translation>让每个补全以空格开头</translation>
    </message>
    <message>
        <source>{share:.0%} of the letters are upper case; lower case trains better</source>
        <translation>{share:.0%} 的字母是大写；小写的训练效果更好</translation>
    </message>
    <message>
        <source>Lower-case every prompt and completion</source>
        <translation>把所有提示词和补全改为小写</translation>
    </message>
    <message>
        <source>no example has a system message. That is fine if the model will be used without one; a short one, the same in training and in chat, tells the model its job (Dataset ▸ Set System Prompt)</source>
        <translation>没有样本带有系统消息。如果使用模型时也不带系统消息，这没问题；一条简短的系统消息（训练和对话时相同）能告诉模型它的任务（数据集 ▸ 设置系统提示词）</translation>
    </message>
    <message>
        <source>{count:,} of {total:,} examples have no system message; give them the one the others have, and use it in chat too (Dataset ▸ Set System Prompt)</source>
        <translation>{total:,} 个样本中有 {count:,} 个没有系统消息；请给它们加上其他样本使用的那条，并在对话时也使用它（数据集 ▸ 设置系统提示词）</translation>
    </message>
    <message numerus="yes">
        <source>More than one token for {model} in %n label(s): {labels}. With one-token labels the first token decides the class and its logprobs give each class&apos;s probability; for example map {mapping}</source>
        <translation>
            <numerusform>对 {model} 来说，有 %n 个标签不止一个词元：{labels}。标签只占一个词元时，第一个词元就决定类别，它的 logprobs 给出每个类别的概率；例如可以映射为 {mapping}</numerusform>
        </translation>
    </message>
    <message>
        <source>No API key for {name}: add one in Preferences → Providers.</source>
        <translation>{name} 没有 API 密钥：请在“首选项 → 提供方”中添加。</translation>
    </message>
    <message>
        <source>{name}: enter the Azure endpoint in Preferences → Providers</source>
        <translation>{name}：请在“首选项 → 提供方”中输入 Azure 端点</translation>
    </message>
    <message>
        <source>{name}: enter the base URL in Preferences → Providers</source>
        <translation>{name}：请在“首选项 → 提供方”中输入基础 URL</translation>
    </message>
    <message>
        <source>The provider</source>
        <translation>提供方</translation>
    </message>
    <message>
        <source>The local engine rejected TuneDesk&apos;s token; restarting it.</source>
        <translation>本地引擎拒绝了 TuneDesk 的令牌；正在重启它。</translation>
    </message>
    <message>
        <source>{who} rejected the API key (401). Check it in Preferences → Providers.</source>
        <translation>{who} 拒绝了 API 密钥（401）。请在“首选项 → 提供方”中检查。</translation>
    </message>
    <message>
        <source>{who} refused: {error} (403).</source>
        <translation>{who} 拒绝：{error}（403）。</translation>
    </message>
    <message>
        <source>{who} is rate limiting requests (429); retrying in {seconds:.0f} s.</source>
        <translation>{who} 正在限制请求频率（429）；{seconds:.0f} 秒后重试。</translation>
    </message>
    <message>
        <source>{who} is rate limiting requests (429).</source>
        <translation>{who} 正在限制请求频率（429）。</translation>
    </message>
    <message>
        <source>{who} does not know it: {error} (404).</source>
        <translation>{who} 找不到它：{error}（404）。</translation>
    </message>
    <message>
        <source>{who} refused the request: {error}</source>
        <translation>{who} 拒绝了请求：{error}</translation>
    </message>
    <message>
        <source>{who} did not answer in time; retrying.</source>
        <translation>{who} 没有及时响应；正在重试。</translation>
    </message>
    <message>
        <source>The local engine is not running; restarting it.</source>
        <translation>本地引擎没有运行；正在重启它。</translation>
    </message>
    <message>
        <source>Cannot reach {who} ({cause}); retrying.</source>
        <translation>无法连接 {who}（{cause}）；正在重试。</translation>
    </message>
    <message>
        <source>{who} had a server error ({status}); retrying.</source>
        <translation>{who} 出现服务器错误（{status}）；正在重试。</translation>
    </message>
    <message>
        <source>{who} answered {status}: {error}</source>
        <translation>{who} 返回 {status}：{error}</translation>
    </message>
    <message>
        <source>connection refused</source>
        <translation>连接被拒绝</translation>
    </message>
    <message>
        <source>the address cannot be resolved</source>
        <translation>无法解析地址</translation>
    </message>
    <message>
        <source>no connection</source>
        <translation>没有连接</translation>
    </message>
    <message>
        <source>the line is not a readable example</source>
        <translation>这一行不是可读取的样本</translation>
    </message>
    <message>
        <source>it has no assistant message to compare with</source>
        <translation>它没有可供比较的助手消息</translation>
    </message>
    <message>
        <source>its last assistant message has no text (a tool call)</source>
        <translation>它最后一条助手消息没有文本（是工具调用）</translation>
    </message>
    <message>
        <source>it has no user message before the answer</source>
        <translation>答案之前没有用户消息</translation>
    </message>
    <message>
        <source>it is neither a conversation nor a prompt/completion pair</source>
        <translation>它既不是对话，也不是提示词/补全对</translation>
    </message>
    <message>
        <source>This download of TuneDesk is the cloud-only one: it has no local engine. Training and chatting on this computer need the full download of TuneDesk; cloud providers work here.</source>
        <translation>这是 TuneDesk 的纯云端版本：它没有本地引擎。要在本机训练和对话，需要下载完整版 TuneDesk；云端提供方在这里可以正常使用。</translation>
    </message>
    <message>
        <source>The local engine is not installed ({module} is missing); run `python3 scripts/bootstrap.py app`.</source>
        <translation>本地引擎没有安装（缺少 {module}）；请运行 `python3 scripts/bootstrap.py app`。</translation>
    </message>
    <message>
        <source>{path}: not readable as text</source>
        <translation>{path}：无法作为文本读取</translation>
    </message>
    <message>
        <source>{path}: not a folder</source>
        <translation>{path}：不是文件夹</translation>
    </message>
    <message>
        <source>{path}: no .txt or .md files</source>
        <translation>{path}：没有 .txt 或 .md 文件</translation>
    </message>
    <message>
        <source>{name} has no partner in {folder} (a file named {stem}.*)</source>
        <translation>{name} 在 {folder} 中没有配对文件（名为 {stem}.* 的文件）</translation>
    </message>
    <message>
        <source>the spec needs a &quot;template&quot; with {placeholders}</source>
        <translation>规格需要一个带 {placeholders} 的 &quot;template&quot;</translation>
    </message>
    <message>
        <source>&quot;variables&quot; maps each name to a list of values</source>
        <translation>&quot;variables&quot; 把每个名称映射到一个值列表</translation>
    </message>
    <message>
        <source>the template uses {names}, which no variable gives</source>
        <translation>模板用到了 {names}，但没有变量提供它</translation>
    </message>
    <message>
        <source>&quot;answers&quot; must be 1 or more</source>
        <translation>&quot;answers&quot; 必须不小于 1</translation>
    </message>
    <message>
        <source>no preset called {name}</source>
        <translation>没有名为 {name} 的预设</translation>
    </message>
    <message>
        <source>{count:,} combinations: give &quot;sample&quot; to draw some of them</source>
        <translation>共 {count:,} 种组合：请用 &quot;sample&quot; 从中抽取一部分</translation>
    </message>
    <message>
        <source>{path}: not a table (CSV, TSV or XLSX)</source>
        <translation>{path}：不是表格（CSV、TSV 或 XLSX）</translation>
    </message>
    <message>
        <source>{path} has no column {column}</source>
        <translation>{path} 没有 {column} 列</translation>
    </message>
    <message>
        <source>{status} from the provider: asking again in {seconds:.0f} s</source>
        <translation>提供方返回 {status}：{seconds:.0f} 秒后重试</translation>
    </message>
    <message>
        <source>{path}: cannot read the spec ({error})</source>
        <translation>{path}：无法读取规格（{error}）</translation>
    </message>
    <message>
        <source>{path}: {problem}</source>
        <translation>{path}：{problem}</translation>
    </message>
    <message numerus="yes">
        <source>%Ln day(s) left</source>
        <translation>
            <numerusform>还剩 %Ln 天</numerusform>
        </translation>
    </message>
    <message>
        <source>today is the last day</source>
        <translation>今天是最后一天</translation>
    </message>
    <message>
        <source>{provider} stops taking new fine-tuning jobs after {day} ({when}); new organisations are already refused.</source>
        <translation>{provider} 在 {day} 之后不再接受新的微调任务（{when}）；新组织已被拒绝。</translation>
    </message>
    <message>
        <source>{provider} stopped taking new fine-tuning jobs after {day}.</source>
        <translation>{provider} 自 {day} 之后已不再接受新的微调任务。</translation>
    </message>
    <message>
        <source>{head} Models tuned there stop answering when their base model is retired. Import your jobs, training files and loss curves, train them again on this computer, or keep a tuned model&apos;s behaviour by training on its answers.</source>
        <translation>{head} 在那里微调的模型会在其基础模型退役时停止回答。导入你的任务、训练文件和损失曲线，在本机重新训练它们，或者用微调模型的回答来训练，以保留它的行为。</translation>
    </message>
    <message>
        <source>{path}: cannot read it ({error})</source>
        <translation>{path}：无法读取（{error}）</translation>
    </message>
    <message numerus="yes">
        <source>%Ln prompt(s), about {tokens_in:,} tokens in and {tokens_out:,} out</source>
        <translation>
            <numerusform>%Ln 条提示，约输入 {tokens_in:,} 个词元、输出 {tokens_out:,} 个</numerusform>
        </translation>
    </message>
    <message>
        <source>{base}; TuneDesk does not know {model}&apos;s price (a model on this computer costs nothing)</source>
        <translation>{base}；TuneDesk 不知道 {model} 的价格（本机模型不收费）</translation>
    </message>
    <message>
        <source>{base}: about ${cost:,.2f} at {model}&apos;s price ({date})</source>
        <translation>{base}：按 {model} 的价格约 ${cost:,.2f}（{date}）</translation>
    </message>
    <message numerus="yes">
        <source>%Ln job(s) new</source>
        <translation>
            <numerusform>新增 %Ln 个任务</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln updated</source>
        <translation>
            <numerusform>更新 %Ln 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s)</source>
        <translation>
            <numerusform>%Ln 个事件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln checkpoint(s)</source>
        <translation>
            <numerusform>%Ln 个检查点</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s) downloaded ({size})</source>
        <translation>
            <numerusform>下载了 %Ln 个文件（{size}）</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already here</source>
        <translation>
            <numerusform>%Ln 个已在本机</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln download(s) resumed</source>
        <translation>
            <numerusform>%Ln 个下载已续传</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s) the provider no longer has</source>
        <translation>
            <numerusform>服务商已不再保存的文件 %Ln 个</numerusform>
        </translation>
    </message>
    <message>
        <source>Downloading {name}</source>
        <translation>正在下载 {name}</translation>
    </message>
    <message>
        <source>{name}: received {got:,} bytes, the provider says {expected:,}; importing again goes on from here</source>
        <translation>{name}：收到 {got:,} 字节，服务商称应为 {expected:,}；再次导入会从这里继续</translation>
    </message>
    <message>
        <source>Job {number} of {total}: {job}</source>
        <translation>第 {number} 个任务，共 {total} 个：{job}</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>已导入</translation>
    </message>
    <message>
        <source>Opened the kept answers. Train a model on them with New Job…, then compare the two in Evaluate.</source>
        <translation>已打开保留下来的回答。用“新建任务…”在它们上训练一个模型，然后在“评估”中比较两者。</translation>
    </message>
    <message>
        <source>Keep a Model&apos;s Behaviour</source>
        <translation>保留模型的行为</translation>
    </message>
    <message>
        <source>Ask the tuned model every prompt and keep its answers as a new dataset. Train a model on this computer with it, then compare the two in the Evaluate tab.</source>
        <translation>把每条提示发给微调模型，并将它的回答保存为新数据集。用它在本机训练一个模型，然后在“评估”标签页中比较两者。</translation>
    </message>
    <message>
        <source>Provider that serves the model</source>
        <translation>提供该模型的服务商</translation>
    </message>
    <message>
        <source>Model to ask</source>
        <translation>要询问的模型</translation>
    </message>
    <message>
        <source>The job&apos;s &amp;training data</source>
        <translation>任务的训练数据(&amp;T)</translation>
    </message>
    <message numerus="yes">
        <source>The &amp;open dataset (%n example(s))</source>
        <translation>
            <numerusform>当前打开的数据集(&amp;O)（%n 个示例）</numerusform>
        </translation>
    </message>
    <message>
        <source>Prompts file</source>
        <translation>提示文件</translation>
    </message>
    <message>
        <source>a dataset, or a .txt file with one prompt a line</source>
        <translation>数据集，或每行一条提示的 .txt 文件</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Dataset to write</source>
        <translation>要写入的数据集</translation>
    </message>
    <message>
        <source>Prompts:</source>
        <translation>提示：</translation>
    </message>
    <message>
        <source>Max &amp;tokens:</source>
        <translation>最大词元数(&amp;T)：</translation>
    </message>
    <message>
        <source>T&amp;emperature:</source>
        <translation>温度(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Save as:</source>
        <translation>另存为(&amp;S)：</translation>
    </message>
    <message>
        <source>What asking will cost</source>
        <translation>询问的费用</translation>
    </message>
    <message>
        <source>Answers so far</source>
        <translation>已得到的回答</translation>
    </message>
    <message>
        <source>Distillation state</source>
        <translation>蒸馏状态</translation>
    </message>
    <message>
        <source>&amp;Ask and Save</source>
        <translation>询问并保存(&amp;A)</translation>
    </message>
    <message>
        <source>Prompts</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Datasets and prompt lists (*.jsonl *.json *.csv *.tsv *.xlsx *.txt)</source>
        <translation>数据集和提示列表 (*.jsonl *.json *.csv *.tsv *.xlsx *.txt)</translation>
    </message>
    <message>
        <source>Choose a file of prompts.</source>
        <translation>请选择一个提示文件。</translation>
    </message>
    <message>
        <source>Counting the prompts…</source>
        <translation>正在统计提示…</translation>
    </message>
    <message>
        <source>No prompts there: each example needs a user message.</source>
        <translation>里面没有提示：每个示例都需要一条用户消息。</translation>
    </message>
    <message numerus="yes">
        <source>Left out %n row(s) without a user message.</source>
        <translation>
            <numerusform>已略去 %n 行没有用户消息的数据。</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped: the answers so far are kept, and Ask and Save asks only for the rest.</source>
        <translation>已停止：已得到的回答会保留，再次“询问并保存”只会询问其余部分。</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n example(s) to {path}.</source>
        <translation>
            <numerusform>已将 %n 个示例保存到 {path}。</numerusform>
        </translation>
    </message>
    <message>
        <source>The answers so far are kept; Ask and Save asks only for the rest.</source>
        <translation>已得到的回答会保留；再次“询问并保存”只会询问其余部分。</translation>
    </message>
    <message>
        <source>Imported from {provider}</source>
        <translation>从 {provider} 导入</translation>
    </message>
    <message>
        <source>Fine-tuning is closing at this provider</source>
        <translation>该服务商即将关闭微调</translation>
    </message>
    <message>
        <source>Import from {provider}…</source>
        <translation>从 {provider} 导入…</translation>
    </message>
    <message>
        <source>&amp;Retrain Here…</source>
        <translation>在本机重新训练(&amp;R)…</translation>
    </message>
    <message>
        <source>Train this job again from its imported files</source>
        <translation>用导入的文件重新训练此任务</translation>
    </message>
    <message>
        <source>&amp;Open Training Data</source>
        <translation>打开训练数据(&amp;O)</translation>
    </message>
    <message>
        <source>Open the imported training file in the Datasets tab</source>
        <translation>在“数据集”标签页中打开导入的训练文件</translation>
    </message>
    <message>
        <source>&amp;Keep Its Behaviour…</source>
        <translation>保留其行为(&amp;K)…</translation>
    </message>
    <message>
        <source>Ask the tuned model every prompt and keep its answers as a dataset</source>
        <translation>把每条提示发给微调模型，并将回答保存为数据集</translation>
    </message>
    <message>
        <source>The provider no longer had this job&apos;s training file when it was imported.</source>
        <translation>导入时服务商已不再保存此任务的训练文件。</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>详情…</translation>
    </message>
    <message>
        <source>Details of the last failure</source>
        <translation>最近一次失败的详情</translation>
    </message>
    <message>
        <source>{what} failed: {error}</source>
        <translation>{what}失败：{error}</translation>
    </message>
    <message>
        <source>Something running in the background failed: {error}</source>
        <translation>后台运行的任务失败：{error}</translation>
    </message>
    <message>
        <source>What went wrong</source>
        <translation>出了什么问题</translation>
    </message>
    <message>
        <source>The same is in the log: {path}</source>
        <translation>日志中有同样的内容：{path}</translation>
    </message>
</context>
</TS>
