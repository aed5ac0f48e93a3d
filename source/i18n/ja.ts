/**
Japanese labels: the Remote UI's own words, as printed in the manual (C09Y-057). This table
defines the keys; en.ts must have the same ones.
*/
import type {FieldErrorCode} from '../contract.js';

export const ja = {
	appName: 'cloudmail-setup',
	screens: {
		login: 'ログイン(管理者モード)',
		portal: 'ポータル',
		settingsRegistration: '設定/登録',
		sendSettings: '送信設定',
		microsoftSettings: 'OAuth 2.0(Microsoft)設定',
		googleSettings: 'OAuth 2.0(Google)設定',
		editBasicSettings: '基本設定の編集',
		logout: 'ログアウト',
	},
	fieldErrors: {
		required: '入力してください。',
		not_https: 'https:// で始まるURLを入力してください。',
		wrong_host: 'ホストは login.microsoftonline.com です。',
		wrong_path: 'https://login.microsoftonline.com/<tenant>/oauth2/v2.0 の形式で入力してください。',
		unknown_tenant: '<tenant> は common / consumers / organizations のいずれかです。',
		invalid_url: 'URLの形式が正しくありません。',
		too_long: '長すぎます。',
		invalid_characters: '空白、改行、全角文字、制御文字は使えません。',
		cn_requires_verify: '[サーバー証明書を検証する]がオンのときだけ設定できます。',
	} satisfies Record<FieldErrorCode, string>,
};

export type Messages = typeof ja;
