import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
const nlp = winkNLP(model, ['sbd','pos']);
const its = nlp.its;
for (const s of process.argv.slice(2)) { const d = nlp.readDoc(s); const o=[]; d.tokens().each(t=>o.push(t.out(its.value)+'/'+t.out(its.pos))); console.log(o.join(' ')); }
