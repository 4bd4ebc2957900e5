<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name></name>
    <message numerus="yes">
        <source>%Ln token(s)</source>
        <translation>
            <numerusform>%Ln token</numerusform>
            <numerusform>%Ln tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n preset(s)</source>
        <translation>
            <numerusform>Imported %n preset</numerusform>
            <numerusform>Imported %n presets</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Show %Ln earlier message(s)</source>
        <translation>
            <numerusform>Show %Ln earlier message</numerusform>
            <numerusform>Show %Ln earlier messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n errors so far)</source>
        <translation>
            <numerusform>(%n error so far)</numerusform>
            <numerusform>(%n errors so far)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln example(s)</source>
        <translation>
            <numerusform>Delete %Ln example</numerusform>
            <numerusform>Delete %Ln examples</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Example {number}{where}: %n message(s)</source>
        <translation>
            <numerusform>Example {number}{where}: %n message</numerusform>
            <numerusform>Example {number}{where}: %n messages</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Replaced %Ln time(s) (Undo takes it back).</source>
        <translation>
            <numerusform>Replaced %Ln time (Undo takes it back).</numerusform>
            <numerusform>Replaced %Ln times (Undo takes it back).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;{name}&lt;/b&gt; is a table ({format}, {encoding}) with %n column(s). Choose which column feeds each field of a training example; the preview shows the first rows.</source>
        <translation>
            <numerusform>&lt;b&gt;{name}&lt;/b&gt; is a table ({format}, {encoding}) with %n column. Choose which column feeds each field of a training example; the preview shows the first rows.</numerusform>
            <numerusform>&lt;b&gt;{name}&lt;/b&gt; is a table ({format}, {encoding}) with %n columns. Choose which column feeds each field of a training example; the preview shows the first rows.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more</source>
        <translation>
            <numerusform>… and %Ln more</numerusform>
            <numerusform>… and %Ln more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Opened {name}: %Ln example(s) ({format}, {encoding}) in {seconds:.1f} s</source>
        <translation>
            <numerusform>Opened {name}: %Ln example ({format}, {encoding}) in {seconds:.1f} s</numerusform>
            <numerusform>Opened {name}: %Ln examples ({format}, {encoding}) in {seconds:.1f} s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Could not finish reading {name}: {error}. The %Ln example(s) read are shown; saving asks for a new name, so the file itself is not changed.</source>
        <translation>
            <numerusform>Could not finish reading {name}: {error}. The %Ln example read is shown; saving asks for a new name, so the file itself is not changed.</numerusform>
            <numerusform>Could not finish reading {name}: {error}. The %Ln examples read are shown; saving asks for a new name, so the file itself is not changed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved {name} (%Ln example(s))</source>
        <translation>
            <numerusform>Saved {name} (%Ln example)</numerusform>
            <numerusform>Saved {name} (%Ln examples)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln example(s)</source>
        <translation>
            <numerusform>%Ln example</numerusform>
            <numerusform>%Ln examples</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln error(s)</source>
        <translation>
            <numerusform>%Ln error</numerusform>
            <numerusform>%Ln errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln warning(s)</source>
        <translation>
            <numerusform>%Ln warning</numerusform>
            <numerusform>%Ln warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Working on %Ln example(s)…</source>
        <translation>
            <numerusform>Working on %Ln example…</numerusform>
            <numerusform>Working on %Ln examples…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n suggested fix(es)</source>
        <translation>
            <numerusform>%n suggested fix</numerusform>
            <numerusform>%n suggested fixes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %Ln duplicate example(s)</source>
        <translation>
            <numerusform>Remove %Ln duplicate example</numerusform>
            <numerusform>Remove %Ln duplicate examples</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Split off %Ln validation example(s) to {file}</source>
        <translation>
            <numerusform>Split off %Ln validation example to {file}</numerusform>
            <numerusform>Split off %Ln validation examples to {file}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{tokens:,} billed tokens (%n epoch(s))</source>
        <translation>
            <numerusform>{tokens:,} billed tokens (%n epoch)</numerusform>
            <numerusform>{tokens:,} billed tokens (%n epochs)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n turn(s)</source>
        <translation>
            <numerusform>%n turn</numerusform>
            <numerusform>%n turns</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The open dataset: {name} (%Ln example(s))</source>
        <translation>
            <numerusform>The open dataset: {name} (%Ln example)</numerusform>
            <numerusform>The open dataset: {name} (%Ln examples)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln example(s) to compare against their reference answers</source>
        <translation>
            <numerusform>%Ln example to compare against its reference answer</numerusform>
            <numerusform>%Ln examples to compare against their reference answers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped (e.g. line {line}: {reason})</source>
        <translation>
            <numerusform>%Ln skipped (e.g. line {line}: {reason})</numerusform>
            <numerusform>%Ln skipped (e.g. line {line}: {reason})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Asking %Ln question(s)…</source>
        <translation>
            <numerusform>Asking %Ln question…</numerusform>
            <numerusform>Asking %Ln questions…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stopped with %Ln answer(s) to go; Resume asks only for those.</source>
        <translation>
            <numerusform>Stopped with %Ln answer to go; Resume asks only for those.</numerusform>
            <numerusform>Stopped with %Ln answers to go; Resume asks only for those.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed (Resume asks them again)</source>
        <translation>
            <numerusform>%Ln failed (Resume asks them again)</numerusform>
            <numerusform>%Ln failed (Resume asks them again)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{model} scored %Ln answer(s).</source>
        <translation>
            <numerusform>{model} scored %Ln answer.</numerusform>
            <numerusform>{model} scored %Ln answers.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Scoring %Ln checkpoint(s) of {model}…</source>
        <translation>
            <numerusform>Scoring %Ln checkpoint of {model}…</numerusform>
            <numerusform>Scoring %Ln checkpoints of {model}…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The chat history file was damaged. It was kept as {file} and a new one was started with the %Ln message(s) that could still be read.</source>
        <translation>
            <numerusform>The chat history file was damaged. It was kept as {file} and a new one was started with the %Ln message that could still be read.</numerusform>
            <numerusform>The chat history file was damaged. It was kept as {file} and a new one was started with the %Ln messages that could still be read.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>TuneDesk closed before changes to {name} were saved. %Ln example(s) were autosaved at {when}. Recover them?</source>
        <translation>
            <numerusform>TuneDesk closed before changes to {name} were saved. %Ln example was autosaved at {when}. Recover it?</numerusform>
            <numerusform>TuneDesk closed before changes to {name} were saved. %Ln examples were autosaved at {when}. Recover them?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;All %n Fix(es)</source>
        <translation>
            <numerusform>&amp;All %n Fix</numerusform>
            <numerusform>&amp;All %n Fixes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Generate %n example(s)</source>
        <translation>
            <numerusform>Generate %n example</numerusform>
            <numerusform>Generate %n examples</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added %n generated example(s) to {name}</source>
        <translation>
            <numerusform>Added %n generated example to {name}</numerusform>
            <numerusform>Added %n generated examples to {name}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Adding %n example(s)…</source>
        <translation>
            <numerusform>Adding %n example…</numerusform>
            <numerusform>Adding %n examples…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import %n document part(s)</source>
        <translation>
            <numerusform>Import %n document part</numerusform>
            <numerusform>Import %n document parts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added %n example(s) from the documents to {name}</source>
        <translation>
            <numerusform>Added %n example from the documents to {name}</numerusform>
            <numerusform>Added %n examples from the documents to {name}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Opened {name}; TuneDesk opens one dataset at a time, so the other %n file(s) were not opened</source>
        <translation>
            <numerusform>Opened {name}; TuneDesk opens one dataset at a time, so the other %n file was not opened</numerusform>
            <numerusform>Opened {name}; TuneDesk opens one dataset at a time, so the other %n files were not opened</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) are training on this computer. If you quit now, training pauses and resumes from the last checkpoint the next time TuneDesk starts. Quit anyway?</source>
        <translation>
            <numerusform>%n job is training on this computer. If you quit now, training pauses and resumes from the last checkpoint the next time TuneDesk starts. Quit anyway?</numerusform>
            <numerusform>%n jobs are training on this computer. If you quit now, training pauses and resumes from the last checkpoint the next time TuneDesk starts. Quit anyway?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>restarted %n time(s)</source>
        <translation>
            <numerusform>restarted %n time</numerusform>
            <numerusform>restarted %n times</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Connected: %Ln model(s).</source>
        <translation>
            <numerusform>Connected: %Ln model.</numerusform>
            <numerusform>Connected: %Ln models.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The open &amp;dataset: {name} (%Ln example(s))</source>
        <translation>
            <numerusform>The open &amp;dataset: {name} (%Ln example)</numerusform>
            <numerusform>The open &amp;dataset: {name} (%Ln examples)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln error(s) must be fixed first:</source>
        <translation>
            <numerusform>%Ln error must be fixed first:</numerusform>
            <numerusform>%Ln errors must be fixed first:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %Ln more (the Datasets tab lists them all)</source>
        <translation>
            <numerusform>… and %Ln more (the Datasets tab lists them all)</numerusform>
            <numerusform>… and %Ln more (the Datasets tab lists them all)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln warning(s):</source>
        <translation>
            <numerusform>%Ln warning:</numerusform>
            <numerusform>%Ln warnings:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The data has %Ln warning(s) (listed in the dialog). Start training anyway?</source>
        <translation>
            <numerusform>The data has %Ln warning (listed in the dialog). Start training anyway?</numerusform>
            <numerusform>The data has %Ln warnings (listed in the dialog). Start training anyway?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the workbook has %n sheet(s); read the first, &apos;{title}&apos;, and left out {others}</source>
        <translation>
            <numerusform>the workbook has %n sheet; read the first, &apos;{title}&apos;, and left out {others}</numerusform>
            <numerusform>the workbook has %n sheets; read the first, &apos;{title}&apos;, and left out {others}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln duplicate example(s), keeping the first of each</source>
        <translation>
            <numerusform>Delete %Ln duplicate example, keeping the first of each</numerusform>
            <numerusform>Delete %Ln duplicate examples, keeping the first of each</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n usable example(s); fine-tuning needs at least {minimum}</source>
        <translation>
            <numerusform>%n usable example; fine-tuning needs at least {minimum}</numerusform>
            <numerusform>%n usable examples; fine-tuning needs at least {minimum}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n example(s); 50-100 usually show improvement, a few hundred do better</source>
        <translation>
            <numerusform>%n example; 50-100 usually show improvement, a few hundred do better</numerusform>
            <numerusform>%n examples; 50-100 usually show improvement, a few hundred do better</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>More than one token for {model} in %n label(s): {labels}. With one-token labels the first token decides the class and its logprobs give each class&apos;s probability; for example map {mapping}</source>
        <translation>
            <numerusform>More than one token for {model} in %n label: {labels}. With one-token labels the first token decides the class and its logprobs give each class&apos;s probability; for example map {mapping}</numerusform>
            <numerusform>More than one token for {model} in %n labels: {labels}. With one-token labels the first token decides the class and its logprobs give each class&apos;s probability; for example map {mapping}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln training example(s)</source>
        <translation>
            <numerusform>%Ln training example</numerusform>
            <numerusform>%Ln training examples</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln validation</source>
        <translation>
            <numerusform>%Ln validation</numerusform>
            <numerusform>%Ln validation</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n epoch(s) → {tokens:,} billed tokens</source>
        <translation>
            <numerusform>%n epoch → {tokens:,} billed tokens</numerusform>
            <numerusform>%n epochs → {tokens:,} billed tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&amp;Add %n Example(s)</source>
        <translation>
            <numerusform>&amp;Add %n Example</numerusform>
            <numerusform>&amp;Add %n Examples</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) → {examples:,} examples; the largest part is {tokens:,} tokens</source>
        <translation>
            <numerusform>%n document → {examples:,} examples; the largest part is {tokens:,} tokens</numerusform>
            <numerusform>%n documents → {examples:,} examples; the largest part is {tokens:,} tokens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n part(s) over the budget: a single paragraph is longer than it)</source>
        <translation>
            <numerusform>(%n part over the budget: a single paragraph is longer than it)</numerusform>
            <numerusform>(%n parts over the budget: a single paragraph is longer than it)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n request(s)</source>
        <translation>
            <numerusform>%n request</numerusform>
            <numerusform>%n requests</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already in the dataset (not asked again)</source>
        <translation>
            <numerusform>%n already in the dataset (not asked again)</numerusform>
            <numerusform>%n already in the dataset (not asked again)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stopped: %n answer(s) kept; Generate asks for the rest.</source>
        <translation>
            <numerusform>Stopped: %n answer kept; Generate asks for the rest.</numerusform>
            <numerusform>Stopped: %n answers kept; Generate asks for the rest.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Done: %n answer(s) added.</source>
        <translation>
            <numerusform>Done: %n answer added.</numerusform>
            <numerusform>Done: %n answers added.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stopped at max tokens; the Problems list flags them.</source>
        <translation>
            <numerusform>%n stopped at max tokens; the Problems list flags them.</numerusform>
            <numerusform>%n stopped at max tokens; the Problems list flags them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n answer(s) kept; Generate asks for the rest.</source>
        <translation>
            <numerusform>%n answer kept; Generate asks for the rest.</numerusform>
            <numerusform>%n answers kept; Generate asks for the rest.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln day(s) left</source>
        <translation>
            <numerusform>%Ln day left</numerusform>
            <numerusform>%Ln days left</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln prompt(s), about {tokens_in:,} tokens in and {tokens_out:,} out</source>
        <translation>
            <numerusform>%Ln prompt, about {tokens_in:,} tokens in and {tokens_out:,} out</numerusform>
            <numerusform>%Ln prompts, about {tokens_in:,} tokens in and {tokens_out:,} out</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln job(s) new</source>
        <translation>
            <numerusform>%Ln job new</numerusform>
            <numerusform>%Ln jobs new</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln updated</source>
        <translation>
            <numerusform>%Ln updated</numerusform>
            <numerusform>%Ln updated</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln event(s)</source>
        <translation>
            <numerusform>%Ln event</numerusform>
            <numerusform>%Ln events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln checkpoint(s)</source>
        <translation>
            <numerusform>%Ln checkpoint</numerusform>
            <numerusform>%Ln checkpoints</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s) downloaded ({size})</source>
        <translation>
            <numerusform>%Ln file downloaded ({size})</numerusform>
            <numerusform>%Ln files downloaded ({size})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already here</source>
        <translation>
            <numerusform>%Ln already here</numerusform>
            <numerusform>%Ln already here</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln download(s) resumed</source>
        <translation>
            <numerusform>%Ln download resumed</numerusform>
            <numerusform>%Ln downloads resumed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s) the provider no longer has</source>
        <translation>
            <numerusform>%Ln file the provider no longer has</numerusform>
            <numerusform>%Ln files the provider no longer has</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The &amp;open dataset (%n example(s))</source>
        <translation>
            <numerusform>The &amp;open dataset (%n example)</numerusform>
            <numerusform>The &amp;open dataset (%n examples)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Left out %n row(s) without a user message.</source>
        <translation>
            <numerusform>Left out %n row without a user message.</numerusform>
            <numerusform>Left out %n rows without a user message.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved %n example(s) to {path}.</source>
        <translation>
            <numerusform>Saved %n example to {path}.</numerusform>
            <numerusform>Saved %n examples to {path}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n job(s) at {provider}.</source>
        <translation>
            <numerusform>%n job at {provider}.</numerusform>
            <numerusform>%n jobs at {provider}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n error(s) must be fixed first: {first}</source>
        <translation>
            <numerusform>%n error must be fixed first: {first}</numerusform>
            <numerusform>%n errors must be fixed first: {first}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s).</source>
        <translation>
            <numerusform>%n warning.</numerusform>
            <numerusform>%n warnings.</numerusform>
        </translation>
    </message>
</context>
</TS>
